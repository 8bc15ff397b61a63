package org.skiffmq.kernel.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.api.transport.TransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every installed extension, by kind and name. Built-ins are found with ServiceLoader (module
 * path, or META-INF/services on the class path); plugin zips in the plugins directory are loaded
 * with PF4J, each in a class loader of its own that shows it the api only, and declare their
 * extensions in the same META-INF/services files, so a plugin is written exactly like a built-in.
 *
 * <p>Plugins can be installed and reloaded while the broker runs ({@link #install}, {@link #reload});
 * lookups always see the current set. A built-in wins over a plugin extension of the same name,
 * and an earlier plugin over a later one; the loser is logged and ignored.
 */
public final class ExtensionCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionCatalog.class);

    private final Path pluginsDir;
    private final PluginZipLoader loader;
    /** Where plugin zips are unpacked, one folder per load: a temporary folder, so the plugins folder may be read-only. */
    private final Path workDir;
    private final Map<String, Object> builtIns = new TreeMap<>();
    /** Loaded plugins by id, in load order; failed ones by file name too, so the report shows them. */
    private final Map<String, LoadedPlugin> plugins = new LinkedHashMap<>();

    private ExtensionCatalog(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
        for (ExtensionKind<?> kind : ExtensionKind.ALL) {
            findBuiltIns(kind);
        }
        Path work = null;
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            work = workDirectory();
        }
        this.workDir = work;
        this.loader = work == null ? null : new PluginZipLoader(work);
        if (loader != null) {
            for (Path file : pluginFiles(pluginsDir)) {
                register(loader.load(file));
            }
        }
    }

    /**
     * Finds the built-in extensions and those of the plugin zips in {@code pluginsDir}
     * (which may be null or missing: then there are no plugins).
     */
    public static ExtensionCatalog discover(Path pluginsDir) {
        return new ExtensionCatalog(pluginsDir);
    }

    public TransportProvider transport(String name, String configKey) throws MissingExtensionException {
        return require(ExtensionKind.TRANSPORT, name, configKey);
    }

    public StoreProvider<?> store(String name, String configKey) throws MissingExtensionException {
        return require(ExtensionKind.STORE, name, configKey);
    }

    /** The named send hooks, in the given order. */
    public List<SendHook> sendHooks(List<String> names, String configKey) throws MissingExtensionException {
        List<SendHook> hooks = new ArrayList<>(names.size());
        for (String name : names) {
            hooks.add(require(ExtensionKind.SEND_HOOK, name, configKey));
        }
        return hooks;
    }

    public FaultStrategy faultStrategy(String name, String configKey) throws MissingExtensionException {
        return require(ExtensionKind.FAULT_STRATEGY, name, configKey);
    }

    public AccessControl accessControl(String name, String configKey) throws MissingExtensionException {
        return require(ExtensionKind.ACCESS_CONTROL, name, configKey);
    }

    /** The installed extension of any kind with this name, or null. */
    public synchronized Object extension(String name) {
        Object builtIn = builtIns.get(name);
        if (builtIn != null) {
            return builtIn;
        }
        for (LoadedPlugin plugin : plugins.values()) {
            Object extension = plugin.extensions().get(name);
            if (extension != null) {
                return extension;
            }
        }
        return null;
    }

    /** Names of every installed extension of any kind. */
    public synchronized Collection<String> allNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>(builtIns.keySet());
        plugins.values().forEach(p -> names.addAll(p.extensions().keySet()));
        return List.copyOf(names);
    }

    public Collection<String> sendHookNames() {
        return names(ExtensionKind.SEND_HOOK);
    }

    /** The plugin (by id) that provides the extension, or null for a built-in or an unknown name. */
    public synchronized LoadedPlugin pluginOf(String extensionName) {
        if (builtIns.containsKey(extensionName)) {
            return null;
        }
        return plugins.values().stream().filter(p -> p.extensions().containsKey(extensionName)).findFirst()
                .orElse(null);
    }

    /** Every plugin file found or installed, loaded or failed, in load order. */
    public synchronized List<LoadedPlugin> plugins() {
        return List.copyOf(plugins.values());
    }

    /** One line per plugin zip: its id, version and state (or why it failed). */
    public List<String> pluginReport() {
        return plugins().stream().map(LoadedPlugin::reportLine).toList();
    }

    /**
     * Loads a plugin zip that is not installed yet and, when it starts, copies it into the plugins
     * directory so the next start finds it too. A plugin that fails is reported and not kept.
     *
     * @throws PluginControlException when a plugin with the same id is installed, or the zip fails
     */
    public synchronized LoadedPlugin install(Path zip) throws PluginControlException {
        if (loader == null) {
            throw new PluginControlException("This broker has no plugins directory (" + pluginsDir
                    + "); create it and restart to install plugins");
        }
        if (!Files.isRegularFile(zip)) {
            throw new PluginControlException("No plugin file at " + zip + " (paths are read on the broker's machine)");
        }
        LoadedPlugin loaded = loader.load(zip);
        if (!loaded.isStarted()) {
            throw new PluginControlException("Plugin " + loaded.id() + " from " + zip + " was not installed: "
                    + loaded.problem());
        }
        LoadedPlugin existing = plugins.get(loaded.id());
        if (existing != null && existing.isStarted()) {
            loaded.close();
            throw new PluginControlException("Plugin " + loaded.id() + " is already installed (version "
                    + existing.version() + "); replace its zip in " + pluginsDir + " and reload it instead");
        }
        if (!PluginIds.isSafe(loaded.id())) {
            loaded.close();
            throw new PluginControlException("Plugin id '" + loaded.id() + "' of " + zip + " could name a file outside"
                    + " the plugins folder; " + PluginIds.RULE);
        }
        Path target = pluginsDir.resolve(loaded.id() + (zip.getFileName().toString().endsWith(".jar") ? ".jar" : ".zip"));
        for (LoadedPlugin other : plugins.values()) {
            if (other.source().equals(target) && !other.id().equals(loaded.id())) {
                loaded.close();
                throw new PluginControlException("Plugin " + loaded.id() + " would replace " + target
                        + ", which holds plugin " + other.id() + "; rename that file first");
            }
        }
        try {
            if (!Files.exists(target) || !Files.isSameFile(target, zip)) {
                // Copy beside it, then move into place: a crash leaves the old file or the new one, never half.
                Path part = target.resolveSibling(target.getFileName() + ".part");
                Files.copy(zip, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            LoadedPlugin installed = LoadedPlugin.started(loaded, target);
            register(installed);
            return installed;
        } catch (IOException e) {
            loaded.close();
            throw new PluginControlException("Plugin " + loaded.id() + " could not be copied into " + pluginsDir
                    + ": " + e.getMessage());
        }
    }

    /**
     * Loads the installed plugin's zip again (its file may have been replaced) and makes the new
     * load the one lookups see. The previous load is returned, still open: close it once nothing
     * uses its extensions. On failure the previous load stays in place.
     */
    public synchronized Reloaded reload(String pluginId) throws PluginControlException {
        LoadedPlugin previous = plugins.get(pluginId);
        if (previous == null || loader == null) {
            throw new PluginControlException("No plugin '" + pluginId + "' is installed; installed: "
                    + plugins.keySet());
        }
        LoadedPlugin fresh = loader.load(previous.source());
        if (!fresh.isStarted()) {
            throw new PluginControlException("Plugin " + pluginId + " was not reloaded: " + fresh.problem()
                    + (previous.isStarted() ? "; version " + previous.version() + " keeps running" : ""));
        }
        if (!fresh.id().equals(pluginId)) {
            fresh.close();
            throw new PluginControlException("The file " + previous.source() + " now holds plugin " + fresh.id()
                    + ", not " + pluginId + "; install it as a new plugin instead");
        }
        plugins.put(pluginId, fresh);
        return new Reloaded(previous, fresh);
    }

    /** Undoes a reload whose new load could not be put to use; the caller closes the new load. */
    public synchronized void restore(Reloaded reloaded) {
        plugins.put(reloaded.previous().id(), reloaded.previous());
    }

    /** A reload's two loads: the one that served until now, and the one that serves from now on. */
    public record Reloaded(LoadedPlugin previous, LoadedPlugin current) {
    }

    @Override
    public synchronized void close() {
        for (LoadedPlugin plugin : plugins.values()) {
            plugin.close();
        }
        plugins.clear();
        LoadedPlugin.deleteQuietly(workDir);
        builtIns.forEach((name, extension) -> LoadedPlugin.closeExtension(name, "built-in", extension));
    }

    private void register(LoadedPlugin plugin) {
        LoadedPlugin loaded = plugins.get(plugin.id());
        if (plugin.isStarted() && loaded != null && loaded.isStarted()) {
            // Two files with one id: the first keeps it; the second is reported under its file name.
            plugin.close();
            plugin = LoadedPlugin.failed(plugin.source().getFileName().toString(), plugin.version(), plugin.source(),
                    "plugin id " + loaded.id() + " is already loaded from " + loaded.source().getFileName()
                            + "; remove one of the two files");
        }
        if (!plugin.isStarted()) {
            LOG.error("Plugin {} is disabled: {}", plugin.id(), plugin.problem());
        }
        for (String name : plugin.extensions().keySet()) {
            Object owner = extension(name);
            if (owner != null) {
                LOG.warn("Ignoring extension '{}' of plugin {}: the name is taken by {}", name, plugin.id(),
                        owner.getClass().getName());
            }
        }
        plugins.put(plugins.containsKey(plugin.id()) && !plugin.isStarted() ? plugin.source().getFileName().toString()
                : plugin.id(), plugin);
    }

    private <T> void findBuiltIns(ExtensionKind<T> kind) {
        try {
            for (T extension : ServiceLoader.load(kind.type(), ExtensionCatalog.class.getClassLoader())) {
                String name = kind.nameOf(extension);
                Object previous = builtIns.putIfAbsent(name, extension);
                if (previous != null && previous.getClass() != extension.getClass()) {
                    LOG.warn("Ignoring {} '{}': the name is taken by {}", extension.getClass().getName(), name,
                            previous.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            LOG.error("A built-in {} could not be loaded: {}", kind.type().getSimpleName(), e.getMessage());
        }
    }

    private synchronized Collection<String> names(ExtensionKind<?> kind) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        builtIns.forEach((name, extension) -> {
            if (kind.type().isInstance(extension)) {
                names.add(name);
            }
        });
        plugins.values().forEach(p -> names.addAll(p.names(kind)));
        return List.copyOf(names);
    }

    private <T> T require(ExtensionKind<T> kind, String name, String configKey) throws MissingExtensionException {
        Object extension = extension(name);
        if (!kind.type().isInstance(extension)) {
            throw new MissingExtensionException(kind.label(), name, configKey, names(kind));
        }
        return kind.type().cast(extension);
    }

    private static Path workDirectory() {
        try {
            return Files.createTempDirectory("skiffmq-plugins-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder to unpack plugins in under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + "; set java.io.tmpdir to a writable folder", e);
        }
    }

    private static List<Path> pluginFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".zip") || f.getFileName().toString().endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.error("Cannot list the plugins directory {}: {}", dir, e.toString());
            return List.of();
        }
    }
}

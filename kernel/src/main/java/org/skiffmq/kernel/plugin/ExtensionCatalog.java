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
 * <p>Plugins can be installed, loaded and reloaded while the broker runs ({@link #install},
 * {@link #load}, {@link #reload});
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
    /** Plugins installed and not loaded yet (their code has not run), by id. */
    private final Map<String, InstalledPlugin> installed = new TreeMap<>();

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
            findInstalled();
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
     * Copies a plugin zip into {@code <plugins>/installed/} without running any of its code: only
     * its descriptor is read. It runs once {@link #load loaded}, which moves it beside the other
     * plugins, where each start finds it.
     *
     * @throws PluginControlException when its descriptor cannot be read, its id could name a file
     *                                outside the plugins folder, or a plugin of that id exists
     */
    public synchronized InstalledPlugin install(Path zip) throws PluginControlException {
        if (loader == null) {
            throw new PluginControlException("This broker has no plugins directory (" + pluginsDir
                    + "); create it and restart to install plugins");
        }
        if (!Files.isRegularFile(zip)) {
            throw new PluginControlException("No plugin file at " + zip + " (paths are read on the broker's machine)");
        }
        InstalledPlugin descriptor = InstalledPlugin.read(zip);
        String id = descriptor.id();
        if (!PluginIds.isSafe(id)) {
            throw new PluginControlException("Plugin id '" + id + "' of " + zip + " could name a file outside the"
                    + " plugins folder; " + PluginIds.RULE);
        }
        LoadedPlugin existing = plugins.get(id);
        if (existing != null || installed.containsKey(id) || Files.exists(loadedPath(id, zip))) {
            throw new PluginControlException("Plugin " + id + " is already installed"
                    + (existing != null ? " (version " + existing.version() + "); replace its zip in " + pluginsDir
                    + " and reload it instead" : "; load it, or remove its zip from " + pluginsDir));
        }
        Path target = installedDir().resolve(id + extension(zip));
        try {
            Files.createDirectories(target.getParent());
            // Copy beside it, then move into place: a crash leaves no half file under the plugin's name.
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(zip, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PluginControlException("Plugin " + id + " could not be copied into " + target.getParent() + ": "
                    + e.getMessage());
        }
        InstalledPlugin staged = descriptor.at(target);
        installed.put(id, staged);
        return staged;
    }

    /**
     * Loads an installed plugin: its code runs now. Moved beside the other plugins first, so the
     * next start loads it too; back to {@code installed/} when it fails to load.
     */
    public synchronized LoadedPlugin load(String pluginId) throws PluginControlException {
        InstalledPlugin staged = installed.get(pluginId);
        if (staged == null) {
            throw new PluginControlException("No installed plugin '" + pluginId + "' waits to be loaded; installed: "
                    + installed.keySet() + (plugins.containsKey(pluginId) ? " (it is loaded already: reload it)" : ""));
        }
        Path target = loadedPath(pluginId, staged.file());
        try {
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PluginControlException("Plugin " + pluginId + " could not be moved into " + pluginsDir + ": "
                    + e.getMessage());
        }
        LoadedPlugin loaded = loader.load(target);
        if (!loaded.isStarted() || !loaded.id().equals(pluginId)) {
            loaded.close();
            moveBack(target, staged.file());
            throw new PluginControlException("Plugin " + pluginId + " was not loaded: " + (loaded.isStarted()
                    ? "its zip now says it is plugin " + loaded.id() : loaded.problem()));
        }
        installed.remove(pluginId);
        register(loaded);
        return loaded;
    }

    /** Plugins installed and not loaded yet, by id. */
    public synchronized List<InstalledPlugin> installedPlugins() {
        return List.copyOf(installed.values());
    }

    private Path installedDir() {
        return pluginsDir.resolve("installed");
    }

    private Path loadedPath(String id, Path zip) {
        return pluginsDir.resolve(id + extension(zip));
    }

    private static String extension(Path zip) {
        return zip.getFileName().toString().endsWith(".jar") ? ".jar" : ".zip";
    }

    private static void moveBack(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("Plugin zip {} could not be moved back to {}; remove it before the next start: {}", from, to,
                    e.toString());
        }
    }

    /** Zips waiting in {@code installed/}, as a start finds them: read, never run. */
    private void findInstalled() {
        Path dir = installedDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (Path file : pluginFiles(dir)) {
            try {
                InstalledPlugin staged = InstalledPlugin.read(file).at(file);
                if (PluginIds.isSafe(staged.id()) && !plugins.containsKey(staged.id())) {
                    installed.put(staged.id(), staged);
                } else {
                    LOG.warn("Ignoring installed plugin zip {}: its id '{}' is unsafe or taken", file, staged.id());
                }
            } catch (PluginControlException e) {
                LOG.warn("Ignoring installed plugin zip {}: {}", file, e.getMessage());
            }
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

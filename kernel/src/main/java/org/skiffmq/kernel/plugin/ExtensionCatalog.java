package org.skiffmq.kernel.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import org.pf4j.DefaultExtensionFinder;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.api.transport.TransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every installed extension, by kind and name. Built-ins are found with ServiceLoader (module
 * path, or META-INF/services on the class path); plugin zips in the plugins directory are loaded
 * with PF4J, each in its own class loader, and declare their extensions in the same
 * META-INF/services files, so a plugin is written exactly like a built-in.
 *
 * <p>The first extension found for a name wins; a later one with the same name is logged and ignored.
 */
public final class ExtensionCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionCatalog.class);

    private final PluginManager pluginManager;
    private final Map<String, TransportProvider> transports;
    private final Map<String, StoreProvider> stores;
    private final Map<String, SendHook> sendHooks;
    private final Map<String, FaultStrategy> faultStrategies;
    private final List<String> pluginReport = new ArrayList<>();

    private ExtensionCatalog(Path pluginsDir) {
        this.pluginManager = pluginsDir != null && Files.isDirectory(pluginsDir) ? startPlugins(pluginsDir) : null;
        this.transports = find(TransportProvider.class, TransportProvider::name);
        this.stores = find(StoreProvider.class, StoreProvider::name);
        this.sendHooks = find(SendHook.class, SendHook::name);
        this.faultStrategies = find(FaultStrategy.class, FaultStrategy::name);
    }

    /**
     * Finds the built-in extensions and those of the plugin zips in {@code pluginsDir}
     * (which may be null or missing: then there are no plugins).
     */
    public static ExtensionCatalog discover(Path pluginsDir) {
        return new ExtensionCatalog(pluginsDir);
    }

    public TransportProvider transport(String name, String configKey) throws MissingExtensionException {
        return require(transports, "transport", name, configKey);
    }

    public StoreProvider store(String name, String configKey) throws MissingExtensionException {
        return require(stores, "store", name, configKey);
    }

    /** The named send hooks, in the given order. */
    public List<SendHook> sendHooks(List<String> names, String configKey) throws MissingExtensionException {
        List<SendHook> hooks = new ArrayList<>(names.size());
        for (String name : names) {
            hooks.add(require(sendHooks, "send hook", name, configKey));
        }
        return hooks;
    }

    public FaultStrategy faultStrategy(String name, String configKey) throws MissingExtensionException {
        return require(faultStrategies, "fault strategy", name, configKey);
    }

    /** The installed extension of any kind with this name, or null. */
    public Object extension(String name) {
        for (Map<String, ?> kind : List.of(transports, stores, sendHooks, faultStrategies)) {
            Object extension = kind.get(name);
            if (extension != null) {
                return extension;
            }
        }
        return null;
    }

    /** Names of every installed extension of any kind. */
    public Collection<String> allNames() {
        List<String> names = new ArrayList<>();
        names.addAll(transports.keySet());
        names.addAll(stores.keySet());
        names.addAll(sendHooks.keySet());
        names.addAll(faultStrategies.keySet());
        return names;
    }

    public Collection<String> sendHookNames() {
        return sendHooks.keySet();
    }

    /** One line per plugin zip: its id, version and state (or why it failed). */
    public List<String> pluginReport() {
        return List.copyOf(pluginReport);
    }

    @Override
    public void close() {
        if (pluginManager != null) {
            // unloadPlugins stops each plugin first; PF4J 3.15's stopPlugins() can throw
            // ConcurrentModificationException while it walks the started list.
            pluginManager.unloadPlugins();
        }
    }

    private PluginManager startPlugins(Path dir) {
        PluginManager manager = new DefaultPluginManager(dir) {
            @Override
            protected ExtensionFinder createExtensionFinder() {
                // Plugins declare extensions in META-INF/services, like built-ins do.
                DefaultExtensionFinder finder = new DefaultExtensionFinder(this);
                finder.addServiceProviderExtensionFinder();
                addPluginStateListener(finder);
                return finder;
            }
        };
        manager.loadPlugins();
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            String line = plugin.getPluginId() + " " + plugin.getDescriptor().getVersion() + " "
                    + plugin.getPluginState();
            if (plugin.getPluginState() == PluginState.FAILED && plugin.getFailedException() != null) {
                line += ": " + plugin.getFailedException();
                LOG.error("Plugin {} failed to start and stays disabled: {}", plugin.getPluginId(),
                        plugin.getFailedException().toString());
            }
            pluginReport.add(line);
        }
        return manager;
    }

    private <T> Map<String, T> find(Class<T> type, Function<T, String> nameOf) {
        Map<String, T> found = new TreeMap<>();
        try {
            for (T extension : ServiceLoader.load(type, ExtensionCatalog.class.getClassLoader())) {
                add(found, extension, nameOf, "built-in");
            }
        } catch (ServiceConfigurationError e) {
            LOG.error("A built-in {} could not be loaded: {}", type.getSimpleName(), e.getMessage());
        }
        if (pluginManager != null) {
            for (PluginWrapper plugin : pluginManager.getStartedPlugins()) {
                try {
                    for (T extension : pluginManager.getExtensions(type, plugin.getPluginId())) {
                        add(found, extension, nameOf, "plugin " + plugin.getPluginId());
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("Plugin {} has a {} that cannot be loaded: {}", plugin.getPluginId(),
                            type.getSimpleName(), e.toString());
                }
            }
        }
        return found;
    }

    private static <T> void add(Map<String, T> found, T extension, Function<T, String> nameOf, String origin) {
        String name = nameOf.apply(extension);
        T previous = found.putIfAbsent(name, extension);
        if (previous != null && previous.getClass() != extension.getClass()) {
            LOG.warn("Ignoring {} '{}' from {}: the name is taken by {}", extension.getClass().getName(), name,
                    origin, previous.getClass().getName());
        }
    }

    private static <T> T require(Map<String, T> installed, String kind, String name, String configKey)
            throws MissingExtensionException {
        T extension = installed.get(name);
        if (extension == null) {
            throw new MissingExtensionException(kind, name, configKey, installed.keySet());
        }
        return extension;
    }
}

package org.skiffmq.kernel.broker.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.kernel.broker.send.ActiveHooks;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.InstalledPlugin;
import org.skiffmq.kernel.plugin.LoadedPlugin;
import org.skiffmq.kernel.plugin.PluginControlException;
import org.skiffmq.kernel.plugin.PluginSectionsSource;
import org.skiffmq.kernel.plugin.PluginSettings;
import org.skiffmq.kernel.protocol.PluginsInfo;
import org.skiffmq.kernel.metrics.BrokerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a running broker's plugins and send hooks: install a zip, enable, disable or reorder
 * hooks, reload a plugin. Every change swaps the whole hook chain at once: sends already under
 * way finish with the chain they started with, sends that start after the answer use the new one,
 * and a reloaded plugin's previous load is closed only once no send holds it. Settings are read
 * afresh from the configuration for each hook enabled or reloaded. Changes last until the broker
 * stops; {@code send.hooks} in the configuration is what the next start runs.
 */
public final class PluginControl {
    private static final Logger LOG = LoggerFactory.getLogger(PluginControl.class);
    /** How long a retired load waits for the sends that still hold it before it is closed anyway. */
    private static final long DRAIN_LIMIT_SECONDS = 60;

    private final ExtensionCatalog catalog;
    private final ActiveHooks active;
    private final PluginSectionsSource settings;
    /** The transport and store the broker runs on: a reload would pull them from under it. */
    private final Set<Object> running;
    // Extensions given their settings; touched by admin requests and by the close of a retired load.
    private final Set<Object> configured = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * @param settings where the settings of hooks enabled or reloaded later come from
     * @param configuredAtStart the names of the extensions the start configured
     * @param running the extensions other than hooks the broker runs on (its transport and store)
     */
    public PluginControl(ExtensionCatalog catalog, ActiveHooks active, PluginSectionsSource settings,
            Set<String> configuredAtStart, Set<Object> running) {
        this.catalog = catalog;
        this.active = active;
        this.settings = settings;
        this.running = Collections.newSetFromMap(new IdentityHashMap<>());
        this.running.addAll(running);
        for (String name : configuredAtStart) {
            Object extension = catalog.extension(name);
            if (extension != null) {
                configured.add(extension);
            }
        }
    }

    public synchronized PluginsInfo list() {
        List<SendHook> chain = active.current().hooks();
        List<PluginsInfo.Hook> hooks = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            hooks.add(hook(chain.get(i).name(), i + 1));
        }
        for (String name : catalog.sendHookNames()) {
            if (chain.stream().noneMatch(h -> h.name().equals(name))) {
                hooks.add(hook(name, 0));
            }
        }
        List<PluginsInfo.Plugin> plugins = new ArrayList<>(catalog.plugins().stream()
                .map(p -> new PluginsInfo.Plugin(p.id(), p.version(), p.isStarted() ? "STARTED" : "FAILED",
                        p.source().toString(), p.problem(), List.copyOf(p.extensions().keySet())))
                .toList());
        for (InstalledPlugin waiting : catalog.installedPlugins()) {
            plugins.add(new PluginsInfo.Plugin(waiting.id(), waiting.version(), "INSTALLED", waiting.file().toString(),
                    null, List.of()));
        }
        return new PluginsInfo(active.current().version(), plugins, hooks);
    }

    private PluginsInfo.Hook hook(String name, int position) {
        long failures = active.failureCounts().getOrDefault(name, 0L);
        if (!active.recordsMetrics()) {
            return new PluginsInfo.Hook(name, position, origin(name), failures, null, null);
        }
        BrokerMetrics.HookFigures figures = active.hookFigures().get(name);
        return figures == null ? new PluginsInfo.Hook(name, position, origin(name), failures, 0L, 0.0)
                : new PluginsInfo.Hook(name, position, origin(name), failures, figures.calls(), figures.p99Millis());
    }

    /** Installs a plugin zip from a path on the broker's machine without running its code; {@link #load} runs it. */
    public synchronized InstalledPlugin install(Path zip) throws PluginControlException {
        InstalledPlugin plugin = catalog.install(zip);
        LOG.info("Installed plugin {} {} from {} (not loaded)", plugin.id(), plugin.version(), zip);
        return plugin;
    }

    /** Loads an installed plugin: its code runs and its hooks can be enabled. */
    public synchronized LoadedPlugin load(String pluginId) throws PluginControlException {
        LoadedPlugin plugin = catalog.load(pluginId);
        LOG.info("Loaded plugin {} {} with {}", plugin.id(), plugin.version(), plugin.extensions().keySet());
        return plugin;
    }

    /** Adds a hook to the chain at {@code position} (1-based; 0 or past the end: last). */
    public synchronized List<String> enable(String hook, int position) throws PluginControlException {
        List<String> names = activeNames();
        if (names.contains(hook)) {
            throw new PluginControlException("Send hook '" + hook + "' is already active at position "
                    + (names.indexOf(hook) + 1) + "; use order to move it");
        }
        names.add(position <= 0 || position > names.size() ? names.size() : position - 1, hook);
        return order(names);
    }

    public synchronized List<String> disable(String hook) throws PluginControlException {
        List<String> names = activeNames();
        if (!names.remove(hook)) {
            throw new PluginControlException("Send hook '" + hook + "' is not active; active hooks: " + activeNames());
        }
        return order(names);
    }

    /** Makes exactly these hooks, in this order, the chain. */
    public synchronized List<String> order(List<String> names) throws PluginControlException {
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new PluginControlException("A hook may appear once in the chain; got " + names);
        }
        List<SendHook> hooks = new ArrayList<>();
        for (String name : names) {
            if (!(catalog.extension(name) instanceof SendHook hook)) {
                throw new PluginControlException("Send hook '" + name + "' is not installed; installed send hooks: "
                        + catalog.sendHookNames());
            }
            configureOnce(name, hook);
            hooks.add(hook);
        }
        active.replace(hooks);
        LOG.info("Send hooks now {}", names);
        return names;
    }

    /**
     * Loads the plugin's zip again and puts the new load's hooks where the old one's were; the old
     * load closes once the sends that hold it have finished.
     */
    public synchronized ExtensionCatalog.Reloaded reload(String pluginId) throws PluginControlException {
        for (LoadedPlugin plugin : catalog.plugins()) {
            if (plugin.id().equals(pluginId)) {
                for (Map.Entry<String, Object> extension : plugin.extensions().entrySet()) {
                    if (running.contains(extension.getValue())) {
                        throw new PluginControlException("Plugin " + pluginId + " provides '" + extension.getKey()
                                + "', which this broker runs on; restart the broker to load a new version of it");
                    }
                }
            }
        }
        ExtensionCatalog.Reloaded reloaded = catalog.reload(pluginId);
        LoadedPlugin previous = reloaded.previous();
        LoadedPlugin current = reloaded.current();
        try {
            Map<String, Object> sections = sections();
            for (Map.Entry<String, Object> extension : current.extensions().entrySet()) {
                Object before = previous.extensions().get(extension.getKey());
                if ((before != null && configured.contains(before)) || sections.containsKey(extension.getKey())) {
                    configure(extension.getKey(), extension.getValue(), sections);
                }
            }
        } catch (PluginControlException e) {
            catalog.restore(reloaded);
            current.close();
            throw e;
        }
        List<SendHook> chain = new ArrayList<>();
        for (SendHook hook : active.current().hooks()) {
            Object replacement = current.extensions().get(hook.name());
            if (previous.extensions().get(hook.name()) != hook) {
                chain.add(hook);
            } else if (replacement instanceof SendHook fresh) {
                chain.add(fresh);
            } else {
                LOG.warn("Plugin {} {} no longer provides send hook '{}'; it leaves the chain", pluginId,
                        current.version(), hook.name());
            }
        }
        CompletableFuture<Void> drained = active.replace(chain);
        // Async: the last send out completes the drain, and closing a plugin is no work for a send thread.
        drained.orTimeout(DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS).whenCompleteAsync((ignored, timeout) -> {
            if (timeout != null) {
                LOG.warn("Sends still held plugin {} {} after {} s; closing it anyway", pluginId,
                        previous.version(), DRAIN_LIMIT_SECONDS);
            }
            previous.extensions().values().forEach(configured::remove);
            previous.close();
        });
        LOG.info("Reloaded plugin {}: {} -> {}", pluginId, previous.version(), current.version());
        return reloaded;
    }

    private List<String> activeNames() {
        return new ArrayList<>(active.current().hooks().stream().map(SendHook::name).toList());
    }

    private String origin(String name) {
        LoadedPlugin plugin = catalog.pluginOf(name);
        return plugin == null ? "built-in" : "plugin " + plugin.id() + " " + plugin.version();
    }

    private void configureOnce(String name, Object extension) throws PluginControlException {
        if (!configured.contains(extension)) {
            configure(name, extension, sections());
        }
    }

    private Map<String, Object> sections() throws PluginControlException {
        try {
            return settings.sections();
        } catch (ConfigException e) {
            throw new PluginControlException("Plugin settings cannot be read from " + settings.where() + ": "
                    + e.getMessage());
        }
    }

    private void configure(String name, Object extension, Map<String, Object> sections)
            throws PluginControlException {
        try {
            PluginSettings.configure(name, sections.get(name), extension);
            configured.add(extension);
        } catch (ConfigException | RuntimeException e) {
            throw new PluginControlException("Send hook '" + name + "' cannot be configured: " + e.getMessage()
                    + "; its settings are the '" + name + "' section of " + settings.where());
        }
    }
}

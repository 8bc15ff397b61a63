package org.skiffmq.kernel.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pf4j.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin zip as loaded: its id and version, where it came from, and the extensions it
 * provides by name; or, when it could not be loaded, why. Each load has a class loader (and a
 * PF4J manager) of its own, so a newer load of the same zip can run beside this one until this
 * one is {@link #close() closed}.
 */
public final class LoadedPlugin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugin.class);
    private final String id;
    private final String version;
    private final Path source;
    private final String problem;
    private final Map<String, Object> extensions;
    private final PluginManager manager;
    private final Path workCopy;

    private LoadedPlugin(String id, String version, Path source, String problem, Map<String, Object> extensions,
            PluginManager manager, Path workCopy) {
        this.id = id;
        this.version = version;
        this.source = source;
        this.problem = problem;
        this.extensions = extensions;
        this.manager = manager;
        this.workCopy = workCopy;
    }

    static LoadedPlugin started(String id, String version, Path source, Map<String, Object> extensions,
            PluginManager manager, Path workCopy) {
        return new LoadedPlugin(id, version, source, null, new LinkedHashMap<>(extensions), manager, workCopy);
    }

    /** The same load, known from now on by the copy installed in the plugins directory. */
    static LoadedPlugin started(LoadedPlugin load, Path installedAt) {
        return new LoadedPlugin(load.id, load.version, installedAt, null, load.extensions, load.manager, load.workCopy);
    }

    static LoadedPlugin failed(String id, String version, Path source, String problem) {
        return new LoadedPlugin(id, version, source, problem, Map.of(), null, null);
    }

    /** The plugin id, or the file name when the descriptor could not be read. */
    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    /** The zip (or jar) this plugin was loaded from. */
    public Path source() {
        return source;
    }

    public boolean isStarted() {
        return problem == null;
    }

    /** Why the plugin is not running, or null when it is. */
    public String problem() {
        return problem;
    }

    /** Its extensions by name, in the order it declares them (empty when it failed). */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Names of its extensions of one kind. */
    List<String> names(ExtensionKind<?> kind) {
        return extensions.entrySet().stream().filter(e -> kind.type().isInstance(e.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    /** One line for people: id, version, state, and the reason when it failed. */
    public String reportLine() {
        return id + " " + version + (problem == null ? " STARTED" : " FAILED: " + problem);
    }

    /**
     * Closes the extensions that hold resources, stops the plugin and releases its class loader.
     * Call only when nothing uses its extensions any more.
     */
    @Override
    public void close() {
        extensions.forEach((name, extension) -> closeExtension(name, "plugin " + id, extension));
        if (manager != null) {
            // unloadPlugins stops each plugin first; PF4J 3.15's stopPlugins() can throw
            // ConcurrentModificationException while it walks the started list.
            manager.unloadPlugins();
        }
        deleteQuietly(workCopy);
    }

    /** Closes an extension that holds a file or a thread; a failure is logged, never thrown. */
    static void closeExtension(String name, String origin, Object extension) {
        if (extension instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception | LinkageError e) {
                LOG.warn("Extension '{}' ({}) failed to close: {}", name, origin, e.toString());
            }
        }
    }

    static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", path, e.toString());
        }
    }
}

package org.skiffmq.kernel.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads one plugin zip (or jar) into a PF4J manager of its own, behind the {@link PluginBoundary},
 * and starts it. Never throws for a bad plugin: a descriptor that cannot be read, a class that
 * reaches kernel internals, a start that throws, a missing dependency or an extension that cannot
 * be made all come back as a failed {@link LoadedPlugin} saying so.
 *
 * <p>Each load works on its own copy under the work directory, so a zip replaced on disk can be
 * loaded again while the previous load still serves.
 */
final class PluginZipLoader {
    private final Path workDir;
    private final AtomicLong loads = new AtomicLong();

    PluginZipLoader(Path workDir) {
        this.workDir = workDir;
    }

    LoadedPlugin load(Path source) {
        String fileName = source.getFileName().toString();
        Path copyDir = workDir.resolve(loads.incrementAndGet() + "-" + fileName.replaceAll("\\.(zip|jar)$", ""));
        PluginManager manager = null;
        String id = fileName;
        String version = "?";
        try {
            Files.createDirectories(copyDir);
            Path copy = Files.copy(source, copyDir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
            manager = new IsolatedPluginManager(copyDir);
            id = manager.loadPlugin(copy);
            PluginWrapper plugin = manager.getPlugin(id);
            version = plugin.getDescriptor().getVersion();
            Map<String, String> violations = BoundaryCheck.violations(plugin.getPluginPath());
            if (!violations.isEmpty()) {
                return fail(manager, copyDir, id, version, source, "it uses SkiffMQ kernel internals ("
                        + violations.entrySet().stream().map(e -> e.getKey() + " from " + e.getValue())
                                .collect(Collectors.joining(", "))
                        + "); " + PluginBoundary.rule());
            }
            PluginState state = manager.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable why = plugin.getFailedException();
                return fail(manager, copyDir, id, version, source, "it did not start (" + state + ")"
                        + (why != null ? ": " + why : ""));
            }
            Map<String, Object> extensions = new LinkedHashMap<>();
            String problem = createExtensions((URLClassLoader) plugin.getPluginClassLoader(), extensions);
            if (problem != null) {
                return fail(manager, copyDir, id, version, source, problem);
            }
            return LoadedPlugin.started(id, version, source, extensions, manager, copyDir);
        } catch (IOException e) {
            return fail(manager, copyDir, id, version, source, "it cannot be read: " + e);
        } catch (RuntimeException | LinkageError e) {
            return fail(manager, copyDir, id, version, source, describe(e));
        }
    }

    /**
     * Makes one instance of every extension the plugin's own jars declare in META-INF/services for
     * a kernel SPI. Done here rather than through PF4J's finder, which logs and skips an extension
     * it cannot make: a plugin with a broken extension must fail as a whole, saying which.
     *
     * @return why an extension could not be made, or null when all were
     */
    private static String createExtensions(URLClassLoader loader, Map<String, Object> into) throws IOException {
        for (ExtensionKind<?> kind : ExtensionKind.ALL) {
            // findResources: the plugin's own files only, not the broker's built-ins.
            for (URL services : Collections.list(loader.findResources("META-INF/services/" + kind.type().getName()))) {
                for (String className : serviceClassNames(services)) {
                    try {
                        Class<?> type = Class.forName(className, true, loader);
                        if (!kind.type().isAssignableFrom(type)) {
                            return "extension " + className + " is declared as a " + kind.label() + " but is not a "
                                    + kind.type().getName();
                        }
                        Object extension = type.getDeclaredConstructor().newInstance();
                        into.putIfAbsent(kind.nameOf(extension), extension);
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        Throwable why = e instanceof InvocationTargetException ite ? ite.getTargetException() : e;
                        return "its " + kind.label() + " " + className + " cannot be created: " + describe(why);
                    }
                }
            }
        }
        return null;
    }

    private static List<String> serviceClassNames(URL services) throws IOException {
        try (InputStream in = services.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty()).toList();
        }
    }

    private static LoadedPlugin fail(PluginManager manager, Path copyDir, String id, String version, Path source,
            String problem) {
        if (manager != null) {
            try {
                manager.unloadPlugins();
            } catch (RuntimeException e) {
                // Nothing more to release: the load failed half way.
            }
        }
        LoadedPlugin.deleteQuietly(copyDir);
        return LoadedPlugin.failed(id, version, source, problem);
    }

    /** PF4J wraps the cause (a class that throws, a missing class) a few levels deep; name the root. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getMessage() != null ? e.getMessage() : e.toString();
        return root == e ? top : top + " (" + root + ")";
    }

    /** A PF4J manager for one plugin, whose class loader keeps to the {@link PluginBoundary}. */
    private static final class IsolatedPluginManager extends DefaultPluginManager {
        IsolatedPluginManager(Path root) {
            super(root);
        }

        @Override
        protected PluginLoader createPluginLoader() {
            return new CompoundPluginLoader()
                    .add(new DefaultPluginLoader(this) {
                        @Override
                        protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                            return new BoundaryClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                        }
                    })
                    .add(new JarPluginLoader(this) {
                        @Override
                        protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                            // JarPluginLoader adds the jar itself.
                            return new BoundaryClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                        }
                    });
        }
    }
}

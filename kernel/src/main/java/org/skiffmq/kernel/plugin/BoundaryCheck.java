package org.skiffmq.kernel.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads every class a plugin brings (its jars and classes under the plugin folder) and finds the
 * references that reach SkiffMQ past {@code api}: such a plugin is refused at load, with the
 * classes named, instead of failing on some later send.
 */
final class BoundaryCheck {

    private BoundaryCheck() {
    }

    /**
     * The kernel-internal classes the plugin in {@code pluginDir} refers to, each with one class of
     * the plugin that refers to it; empty when the plugin keeps to the api.
     */
    static Map<String, String> violations(Path pluginDir) throws IOException {
        Set<String> own = new HashSet<>();
        Map<String, Set<String>> referencesByClass = new TreeMap<>();
        for (Path file : files(pluginDir)) {
            if (file.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(file.toFile())) {
                    for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                        if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                read(entry.getName(), in, own, referencesByClass);
                            }
                        }
                    }
                }
            } else if (file.toString().endsWith(".class") && !file.getFileName().toString().equals("module-info.class")) {
                try (InputStream in = Files.newInputStream(file)) {
                    read(pluginDir.relativize(file).toString(), in, own, referencesByClass);
                }
            }
        }
        Map<String, String> violations = new TreeMap<>();
        referencesByClass.forEach((user, references) -> {
            for (String reference : references) {
                String outer = reference.contains("$") ? reference.substring(0, reference.indexOf('$')) : reference;
                if (PluginBoundary.isKernelInternal(reference) && !own.contains(reference) && !own.contains(outer)) {
                    violations.putIfAbsent(reference, user);
                }
            }
        });
        return violations;
    }

    private static void read(String entryName, InputStream in, Set<String> own, Map<String, Set<String>> refs)
            throws IOException {
        String name = entryName.replace('\\', '/');
        int classes = name.lastIndexOf("classes/");
        if (classes >= 0) {
            name = name.substring(classes + "classes/".length());
        }
        String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        own.add(className);
        try {
            refs.put(className, ClassReferences.skiffmqClassesIn(in));
        } catch (IOException e) {
            throw new IOException(entryName + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
    }
}

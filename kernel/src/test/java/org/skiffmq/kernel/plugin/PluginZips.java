package org.skiffmq.kernel.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.util.spi.ToolProvider;

/**
 * Builds real plugin zips for tests, the way a plugin project's build does: compiles the given
 * sources against the test class path (so against {@code api}), jars the classes with their
 * META-INF/services files, and zips the jar under lib/ beside plugin.properties.
 */
public final class PluginZips {
    private final String id;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, String> descriptor = new LinkedHashMap<>();

    private PluginZips(String id, String version) {
        this.id = id;
        descriptor.put("plugin.id", id);
        descriptor.put("plugin.version", version);
        descriptor.put("plugin.provider", "SkiffMQ tests");
    }

    public static PluginZips plugin(String id, String version) {
        return new PluginZips(id, version);
    }

    /** A class of the plugin: its binary name and Java source. */
    public PluginZips source(String className, String javaSource) {
        sources.put(className, javaSource);
        return this;
    }

    /** Declares {@code className} as an extension of the SPI {@code spi} (META-INF/services). */
    public PluginZips provides(Class<?> spi, String className) {
        services.computeIfAbsent(spi.getName(), k -> new ArrayList<>()).add(className);
        return this;
    }

    /** Sets or, with a null value, removes a plugin.properties entry. */
    public PluginZips descriptor(String key, String value) {
        if (value == null) {
            descriptor.remove(key);
        } else {
            descriptor.put(key, value);
        }
        return this;
    }

    /** A send hook {@code <package>.<className>} whose before() runs {@code body} (context is in scope). */
    public static String hook(String packageName, String className, String hookName, String body) {
        return "package " + packageName + ";\n"
                + "import org.skiffmq.api.hook.*;\n"
                + "public final class " + className + " implements SendHook {\n"
                + "  public String name() { return \"" + hookName + "\"; }\n"
                + "  public void before(SendContext context) throws SendRejectedException {\n" + body + "\n  }\n"
                + "}\n";
    }

    /** Writes {@code <dir>/<fileName>} and returns it. */
    public Path writeTo(Path dir, String fileName) throws IOException {
        Path work = Files.createTempDirectory("plugin-build-" + id);
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        compile(files, classes);
        for (Map.Entry<String, List<String>> service : services.entrySet()) {
            Path file = classes.resolve("META-INF/services/" + service.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", service.getValue()) + "\n");
        }
        Files.createDirectories(dir);
        Path zip = dir.resolve(fileName);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            StringBuilder props = new StringBuilder();
            descriptor.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            put(out, "plugin.properties", props.toString().getBytes(StandardCharsets.UTF_8));
            put(out, "lib/" + id + ".jar", jar(classes));
        }
        return zip;
    }

    private static void compile(List<Path> files, Path classes) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IOException("no javac in this JDK; plugin tests need a JDK, not a JRE"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "--release", "17", "-proc:none"));
        files.forEach(f -> args.add(f.toString()));
        int status = javac.run(System.out, System.err, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("test plugin sources did not compile (see the output above)");
        }
    }

    private static byte[] jar(Path classes) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                put(jar, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        ((OutputStream) out).write(content);
        out.closeEntry();
    }
}

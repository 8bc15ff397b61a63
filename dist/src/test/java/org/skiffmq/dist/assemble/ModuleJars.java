package org.skiffmq.dist.assemble;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/** Builds small modular jars with the JDK's javac and jar, for tests that resolve a lib/ folder. */
final class ModuleJars {

    private ModuleJars() {
    }

    /** Compiles module {@code name} (requiring {@code requires}, found in {@code lib}) into {@code lib/<name>.jar}. */
    static Path build(Path work, Path lib, String name, String... requires) throws Exception {
        Path src = work.resolve("src").resolve(name);
        Path pkg = src.resolve(name.replace('.', '/'));
        Files.createDirectories(pkg);
        StringBuilder info = new StringBuilder("module " + name + " {\n");
        for (String r : requires) {
            info.append("    requires ").append(r).append(";\n");
        }
        info.append("    exports ").append(name).append(";\n}\n");
        Files.writeString(src.resolve("module-info.java"), info);
        Files.writeString(pkg.resolve("Marker.java"), "package " + name + ";\npublic final class Marker {}\n");
        Path classes = work.resolve("classes").resolve(name);
        Files.createDirectories(lib);
        run("javac", "--module-path", lib.toString(), "-d", classes.toString(),
                src.resolve("module-info.java").toString(), pkg.resolve("Marker.java").toString());
        Path jar = lib.resolve(name + ".jar");
        run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        return jar;
    }

    private static void run(String tool, String... args) {
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output);
        int status = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException("no " + tool
                + " in this JDK")).run(writer, writer, args);
        writer.flush();
        if (status != 0) {
            throw new IllegalStateException(tool + " " + new ArrayList<>(List.of(args)) + " failed: " + output);
        }
    }
}

package org.skiffmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConfigLoader;

/**
 * A SkiffMQ broker with its embedded name server in the test's JVM, on free 127.0.0.1 ports, with
 * everything in {@code dir}. Configured through the YAML file users write, so the test does not
 * depend on how the configuration records are built.
 */
public final class InProcessSkiff {

    private InProcessSkiff() {
    }

    /** Starts a broker with {@code engine} as its store and {@code pluginsDir} as its plugins folder. */
    public static SkiffServer start(Path dir, String engine, Path pluginsDir) throws Exception {
        Path file = dir.resolve("broker.yaml");
        // Each store takes only its own keys: the discard store has no flush or file size.
        String own = engine.equals("mmap") ? ", flush: async, commitLogFileSize: 16m" : "";
        Files.writeString(file, String.join("\n",
                "listen: 127.0.0.1:0",
                "nameServerListen: 127.0.0.1:0",
                "store: { engine: " + engine + ", dir: '" + dir.resolve("data") + "'" + own + " }",
                "plugins: { dir: '" + pluginsDir + "' }",
                ""));
        return SkiffServer.start(ConfigLoader.load(file), dir);
    }

    /** The output of one load-tool run. */
    public record Run(int exitCode, String out, String err) {
    }

    /** Runs the load tool in this JVM, capturing what it prints. */
    public static Run bench(String... args) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int rc;
        try (var o = new java.io.PrintStream(out, true, "UTF-8"); var e = new java.io.PrintStream(err, true, "UTF-8")) {
            rc = BenchCli.run(args, o, e);
        }
        return new Run(rc, out.toString("UTF-8"), err.toString("UTF-8"));
    }
}

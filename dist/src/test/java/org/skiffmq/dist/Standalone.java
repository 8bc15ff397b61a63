package org.skiffmq.dist;

import java.nio.file.Files;
import java.nio.file.Path;

/** A distribution's {@code bin/skiff standalone}, started as a user starts it, on loopback ports. */
final class Standalone {

    private Standalone() {
    }

    /**
     * Writes {@code <work>/broker.yaml}: the given ports on 127.0.0.1, data in {@code <work>/data}
     * with small commit-log files, then the {@code extra} lines.
     */
    static Path config(Path work, int brokerPort, int nameServerPort, String... extra) throws Exception {
        return Files.writeString(work.resolve("broker.yaml"), String.join("\n",
                "listen: 127.0.0.1:" + brokerPort,
                "nameServerListen: 127.0.0.1:" + nameServerPort,
                "store: { dir: " + work.resolve("data") + ", commitLogFileSize: 8m }",
                String.join("\n", extra),
                ""));
    }

    /** Starts the distribution at {@code home} with a small heap; its stderr goes to {@code <work>/stderr.txt}. */
    static Process start(Path home, Path config, Path work) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/skiff").toString(), "standalone", "--config",
                config.toString());
        pb.environment().put("SKIFF_JAVA_OPTS", "-Xmx256m");
        pb.redirectError(work.resolve("stderr.txt").toFile());
        return pb.start();
    }
}

package org.skiffmq.client.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.namesrv.NameServer;

/**
 * In-process SkiffMQ servers on 127.0.0.1 and free ports, configured the way an operator would:
 * a {@code broker.yaml} in the test's directory.
 */
final class TestServers {

    private TestServers() {
    }

    /** A broker with its own embedded name server. */
    static SkiffServer standalone(Path dir, String brokerName, String... hooks) throws Exception {
        return broker(dir, brokerName, "embedded", hooks);
    }

    /** A broker with its own embedded name server and extra {@code broker.yaml} sections, e.g. {@code consume:}. */
    static SkiffServer standaloneWith(Path dir, String brokerName, String extraYaml) throws Exception {
        return start(dir, brokerName, "embedded", extraYaml);
    }

    /** A broker that registers with {@code nameServer} ({@code ip:port}). */
    static SkiffServer broker(Path dir, String brokerName, String nameServer, String... hooks) throws Exception {
        return start(dir, brokerName, nameServer, "", hooks);
    }

    private static SkiffServer start(Path dir, String brokerName, String nameServer, String extraYaml,
            String... hooks) throws Exception {
        Path home = Files.createDirectories(dir.resolve(brokerName));
        String yaml = "brokerName: " + brokerName + "\n"
                + "listen: 127.0.0.1:0\n"
                + "nameServer: \"" + nameServer + "\"\n"
                + "nameServerListen: 127.0.0.1:0\n"
                + "store:\n"
                + "  dir: \"" + home.resolve("store") + "\"\n"
                + "  commitLogFileSize: 16m\n"
                + "send:\n"
                + "  hooks: [" + String.join(", ", hooks) + "]\n"
                + "plugins:\n"
                + "  dir: \"" + home.resolve("no-plugins") + "\"\n"
                + extraYaml;
        Path file = home.resolve("broker.yaml");
        Files.writeString(file, yaml);
        return SkiffServer.start(ConfigLoader.load(file), home);
    }

    static NameServer nameServer() throws Exception {
        return SkiffServer.startNameServer("127.0.0.1:0", Clock.systemUTC());
    }

    /** Waits until the name server routes {@code topic} to every one of {@code brokerNames}. */
    static void awaitRoute(NameServer nameServer, String topic, List<String> brokerNames) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var route = nameServer.routes().route(topic);
            if (route != null && route.queueDatas().stream().map(q -> q.brokerName()).toList()
                    .containsAll(brokerNames)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the name server does not route " + topic + " to " + brokerNames + " after 10 s");
    }

    static void close(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Tear-down: the test's own assertions matter more.
                }
            }
        }
    }

    static Path dataDir(Path dir, String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }
}

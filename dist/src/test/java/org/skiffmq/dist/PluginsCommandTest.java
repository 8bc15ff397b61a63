package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.dist.plugins.PluginsCommand;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ByteSize;
import org.skiffmq.kernel.config.PluginsSection;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.StoreSection;

/**
 * {@code skiff plugins} against a running broker with the shipped plugin zips: what a user types,
 * what it prints, and what the producer sees after each change.
 */
class PluginsCommandTest {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static Path shippedZip(String id) {
        Path zip = Path.of(System.getProperty("skiff.pluginModules")).resolve(id).resolve("target").resolve(id + ".zip");
        assertTrue(Files.exists(zip), "build the plugins first (mvn verify builds them before this test): " + zip);
        return zip;
    }

    private int skiff(SkiffServer server, String... args) {
        out.reset();
        err.reset();
        List<String> all = new java.util.ArrayList<>(List.of("--broker", server.brokerAddress()));
        all.addAll(List.of(args));
        return new PluginsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).run(all);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String complaint() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aUserTurnsAHookOnAndOffAndInstallsAnotherWhileTheBrokerRuns() throws Exception {
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(shippedZip("require-keys"), home.resolve("plugins/require-keys.zip"));
        SkiffConfig config = SkiffConfig.defaults().listen("127.0.0.1:0").nameServerListen("127.0.0.1:0")
                .store(StoreSection.of("mmap", java.util.Map.of("commitLogFileSize", "8m")))
                .plugins(new PluginsSection("./plugins"));
        try (SkiffServer server = SkiffServer.start(config, home)) {
            DefaultMQProducer producer = new DefaultMQProducer("PG_CLI");
            producer.setNamesrvAddr(server.nameServerAddress());
            producer.setInstanceName("plugins-command-test");
            producer.start();
            try {
                Message noKeys = new Message("CliTopic", "no keys".getBytes(StandardCharsets.UTF_8));
                assertEquals(SendStatus.SEND_OK, producer.send(noKeys).getSendStatus());

                assertEquals(0, skiff(server, "list"), complaint());
                assertTrue(printed().contains("Send hooks on " + server.brokerAddress()), printed());
                assertTrue(printed().matches("(?s).*-\\s+require-keys\\s+plugin require-keys \\S+\\s+0.*"), printed());
                assertTrue(printed().matches("(?s).*require-keys\\s+\\S+\\s+STARTED\\s+require-keys\\s+require-keys.zip.*"),
                        printed());

                assertEquals(0, skiff(server, "enable", "require-keys"), complaint());
                assertTrue(printed().startsWith("Done: send hooks now [require-keys]"), printed());
                assertTrue(printed().matches("(?s).*1\\s+require-keys\\s+plugin require-keys.*"), printed());
                MQBrokerException refused = assertThrows(MQBrokerException.class, () -> producer.send(noKeys));
                assertTrue(refused.getErrorMessage().contains("keys"), refused.getErrorMessage());

                assertEquals(0, skiff(server, "install", shippedZip("topic-allowlist").toString()), complaint());
                assertTrue(printed().contains("installed plugin topic-allowlist"), printed());
                assertTrue(printed().contains("INSTALLED"), "listed, not loaded: " + printed());
                assertEquals(1, skiff(server, "enable", "topic-allowlist"), "a hook of a plugin not loaded yet");
                assertEquals(0, skiff(server, "load", "topic-allowlist"), complaint());
                assertTrue(printed().contains("loaded plugin topic-allowlist"), printed());
                assertTrue(Files.exists(home.resolve("plugins/topic-allowlist.zip")), "kept for the next start");
                // topic-allowlist needs its topics; the configuration read at start has none.
                assertEquals(1, skiff(server, "enable", "topic-allowlist", "--at", "1"));
                assertTrue(complaint().contains("topic-allowlist") && complaint().contains("topics"), complaint());

                assertEquals(0, skiff(server, "reload", "require-keys"), complaint());
                assertTrue(printed().contains("reloaded plugin require-keys"), printed());
                assertThrows(MQBrokerException.class, () -> producer.send(noKeys), "the reloaded hook still runs");

                assertEquals(0, skiff(server, "disable", "require-keys"), complaint());
                assertEquals(SendStatus.SEND_OK, producer.send(noKeys).getSendStatus());
                assertEquals(0, skiff(server, "order", ""), complaint());
                assertTrue(printed().startsWith("Done: send hooks now []"), printed());
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void mistakesAreNamedWithTheirExitStatus() throws Exception {
        SkiffConfig config = SkiffConfig.defaults().listen("127.0.0.1:0").nameServerListen("127.0.0.1:0")
                .store(StoreSection.of("mmap", java.util.Map.of("commitLogFileSize", "8m")))
                .plugins(new PluginsSection("./plugins"));
        try (SkiffServer server = SkiffServer.start(config, home)) {
            assertEquals(2, skiff(server, "frobnicate"));
            assertTrue(complaint().contains("unknown action 'frobnicate'") && complaint().contains("Usage"), complaint());
            assertEquals(2, skiff(server, "enable"));
            assertTrue(complaint().contains("'enable' takes 1 argument"), complaint());
            assertEquals(2, skiff(server, "enable", "x", "--at", "zero"));
            assertTrue(complaint().contains("--at takes a position"), complaint());
            assertEquals(1, skiff(server, "disable", "require-keys"));
            assertTrue(complaint().contains("'require-keys' is not active"), complaint());
        }
        out.reset();
        err.reset();
        int status = new PluginsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).run(List.of("--broker", "127.0.0.1:1", "list"));
        assertEquals(1, status);
        assertTrue(complaint().contains("Cannot reach the broker at 127.0.0.1:1"), complaint());
    }
}

package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.PluginsSection;
import org.skiffmq.kernel.config.SendSection;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.StoreSection;

/** The require-keys plugin as a user installs it: its zip in a plugins folder, its name in the config. */
class RequireKeysPluginTest {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @TempDir
    Path home;

    private SkiffConfig config(List<String> hooks, int brokerPort, int nameServerPort) {
        return SkiffConfig.defaults()
                .listen("127.0.0.1:" + brokerPort)
                .nameServerListen("127.0.0.1:" + nameServerPort)
                .store(StoreSection.of("mmap", java.util.Map.of("commitLogFileSize", "8m")))
                .plugins(new PluginsSection("./plugins"))
                .send(new SendSection(hooks, null, null));
    }

    private void installPlugin() throws Exception {
        Path zip = Path.of(System.getProperty("skiff.requireKeysZip"));
        assertTrue(Files.exists(zip), "build the plugin first (mvn verify builds it before this test): " + zip);
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(zip, home.resolve("plugins").resolve("require-keys.zip"));
    }

    @Test
    void pluginNamedInConfigRefusesMessagesWithoutKeys() throws Exception {
        installPlugin();
        try (SkiffServer server = SkiffServer.start(config(List.of("require-keys"), 0, 0), home)) {
            DefaultMQProducer producer = new DefaultMQProducer("PG_KEYS");
            producer.setNamesrvAddr(server.nameServerAddress());
            producer.setInstanceName("require-keys-test");
            producer.start();
            try {
                Message withKeys = new Message("KeyedTopic", "TagA", "order-1", "ok".getBytes());
                assertEquals(SendStatus.SEND_OK, producer.send(withKeys).getSendStatus());
                MQBrokerException refused = assertThrows(MQBrokerException.class,
                        () -> producer.send(new Message("KeyedTopic", "no keys".getBytes())));
                assertEquals(13, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("require-keys"), refused.getErrorMessage());
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void pluginInstalledButNotNamedChangesNothing() throws Exception {
        installPlugin();
        try (SkiffServer server = SkiffServer.start(config(List.of(), 0, 0), home)) {
            assertTrue(server.pluginReport().get(0).startsWith("require-keys"), server.pluginReport().toString());
            DefaultMQProducer producer = new DefaultMQProducer("PG_NOKEYS");
            producer.setNamesrvAddr(server.nameServerAddress());
            producer.setInstanceName("no-hook-test");
            producer.start();
            try {
                assertEquals(SendStatus.SEND_OK,
                        producer.send(new Message("FreeTopic", "no keys".getBytes())).getSendStatus());
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void pluginNamedButNotInstalledStopsTheStartWithOneClearLineAndLeavesNothing() throws Exception {
        int brokerPort = Ports.free();
        int nameServerPort = Ports.free();
        StartupException e = assertThrows(StartupException.class,
                () -> SkiffServer.start(config(List.of("require-keys"), brokerPort, nameServerPort), home));
        String line = e.getMessage();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("send hook 'require-keys'") && line.contains("not installed")
                && line.contains("installed send hooks: none"), line);
        assertTrue(Ports.isFree(brokerPort), "broker port left bound");
        assertTrue(Ports.isFree(nameServerPort), "name server port left bound");
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(), files.toList(), "nothing may be created");
        }
    }
}

package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.SkiffConfig;

/**
 * The max-rate, topic-allowlist and audit-log plugins as a user installs them: zips in the
 * plugins folder, named in send.hooks, their settings in their sections of broker.yaml; checked
 * with what the official producer sees.
 */
class ShippedHooksPluginTest {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @TempDir
    Path home;

    /** Installs the plugin zips and loads {@code yaml} as conf/broker.yaml, on free ports. */
    private SkiffConfig install(String yaml, String... pluginIds) throws Exception {
        Path modules = Path.of(System.getProperty("skiff.pluginModules"));
        Files.createDirectories(home.resolve("plugins"));
        for (String id : pluginIds) {
            Path zip = modules.resolve(id).resolve("target").resolve(id + ".zip");
            assertTrue(Files.exists(zip), "build the plugin first (mvn verify builds it before this test): " + zip);
            Files.copy(zip, home.resolve("plugins").resolve(id + ".zip"));
        }
        Path conf = Files.createDirectories(home.resolve("conf")).resolve("broker.yaml");
        Files.writeString(conf, "store: { commitLogFileSize: 8m }\n" + yaml);
        return ConfigLoader.load(conf).listen("127.0.0.1:0").nameServerListen("127.0.0.1:0");
    }

    private static DefaultMQProducer producer(SkiffServer server, String group) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(server.nameServerAddress());
        producer.setInstanceName(group);
        producer.start();
        return producer;
    }

    @Test
    void maxRateAnswersSystemBusyPastTheLimit() throws Exception {
        SkiffConfig config = install("""
                send: { hooks: [max-rate] }
                max-rate: { perSecond: 1, burst: 2, per: topic }
                """, "max-rate");
        try (SkiffServer server = SkiffServer.start(config, home)) {
            DefaultMQProducer producer = producer(server, "PG_RATE");
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("RateTopic", "1".getBytes())).getSendStatus());
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("RateTopic", "2".getBytes())).getSendStatus());
                MQBrokerException busy = assertThrows(MQBrokerException.class,
                        () -> producer.send(new Message("RateTopic", "3".getBytes())));
                assertEquals(2, busy.getResponseCode());
                assertTrue(busy.getErrorMessage().contains("max-rate limit of 1 messages/s (burst 2) per topic"),
                        busy.getErrorMessage());
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void topicAllowlistAnswersNoPermissionForOtherTopics() throws Exception {
        SkiffConfig config = install("""
                send: { hooks: [topic-allowlist] }
                topic-allowlist: { topics: [Billing, "Orders*"] }
                """, "topic-allowlist");
        try (SkiffServer server = SkiffServer.start(config, home)) {
            DefaultMQProducer producer = producer(server, "PG_ALLOW");
            try {
                assertEquals(SendStatus.SEND_OK,
                        producer.send(new Message("OrdersEU", "ok".getBytes())).getSendStatus());
                // The official client retries NO_PERMISSION (retryResponseCodes), then gives up with
                // an MQClientException whose cause is the broker's answer.
                MQClientException gaveUp = assertThrows(MQClientException.class,
                        () -> producer.send(new Message("Payroll", "no".getBytes())));
                MQBrokerException refused = assertInstanceOf(MQBrokerException.class, gaveUp.getCause());
                assertEquals(16, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("Topic Payroll is not on this broker's allowlist"),
                        refused.getErrorMessage());
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void auditLogWritesOneLinePerAcceptedMessage() throws Exception {
        Path audit = home.resolve("audit").resolve("audit.log");
        SkiffConfig config = install("""
                send: { hooks: [audit-log] }
                audit-log: { file: "%s", maxFileSize: 1m, filesKept: 2 }
                """.formatted(audit), "audit-log");
        List<SendResult> results = new ArrayList<>();
        try (SkiffServer server = SkiffServer.start(config, home)) {
            DefaultMQProducer producer = producer(server, "PG_AUDIT");
            try {
                for (int i = 0; i < 3; i++) {
                    results.add(producer.send(new Message("AuditTopic", "TagA", "order-" + i, "x".getBytes())));
                }
            } finally {
                producer.shutdown();
            }
        }
        // The broker has shut down, closing the hook: every queued line is written.
        List<String> lines = Files.readAllLines(audit);
        assertEquals(3, lines.size(), lines.toString());
        for (int i = 0; i < 3; i++) {
            SendResult r = results.get(i);
            String line = lines.get(i);
            assertTrue(line.contains("\ttopic=AuditTopic\tqueue=" + r.getMessageQueue().getQueueId()
                    + "\tqueueOffset=" + r.getQueueOffset() + "\tmsgId=" + r.getOffsetMsgId()
                    + "\tkeys=order-" + i + "\tproducerGroup=PG_AUDIT\tclient=127.0.0.1:"), line);
        }
    }

    @Test
    void badSettingStopsTheStartWithOneLineNamingPluginKeyAndWhatIsAllowed() throws Exception {
        int brokerPort = Ports.free();
        int nameServerPort = Ports.free();
        SkiffConfig config = install("""
                send: { hooks: [max-rate] }
                max-rate: { perSecond: fast }
                """, "max-rate").listen("127.0.0.1:" + brokerPort).nameServerListen("127.0.0.1:" + nameServerPort);
        StartupException e = assertThrows(StartupException.class, () -> SkiffServer.start(config, home));
        assertEquals("plugin max-rate: setting 'perSecond' must be a whole number; was 'fast'", e.getMessage());
        assertTrue(Ports.isFree(brokerPort), "broker port left bound");
        assertTrue(Ports.isFree(nameServerPort), "name server port left bound");
        assertFalse(Files.exists(home.resolve("data")), "no data directory may be created");
    }

    @Test
    void namedHookThatNeedsSettingsAndHasNoSectionStopsTheStart() throws Exception {
        SkiffConfig config = install("send: { hooks: [topic-allowlist] }\n", "topic-allowlist");
        StartupException e = assertThrows(StartupException.class, () -> SkiffServer.start(config, home));
        assertTrue(e.getMessage().startsWith("plugin topic-allowlist: setting 'topics' is required"), e.getMessage());
    }

    @Test
    void sectionForAPluginWithoutSettingsStopsTheStart() throws Exception {
        SkiffConfig config = install("require-keys: { strict: true }\n", "require-keys");
        StartupException e = assertThrows(StartupException.class, () -> SkiffServer.start(config, home));
        assertEquals("plugin require-keys takes no settings; remove the 'require-keys' section from the configuration",
                e.getMessage());
    }
}

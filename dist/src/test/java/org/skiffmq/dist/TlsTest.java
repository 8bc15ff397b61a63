package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.transport.TlsConfig;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.PluginsSection;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.StoreSection;
import org.skiffmq.kernel.config.TlsSection;
import org.skiffmq.kernel.config.TransportSection;

/**
 * TLS on the broker's and the embedded name server's ports, in RocketMQ's modes, with the official
 * 5.2.0 client ({@code setUseTLS(true)}; its default test mode trusts any server certificate) and
 * SkiffMQ's own client (checking the server's certificate against the test CA).
 */
class TlsTest {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @TempDir
    Path home;

    static String tlsFile(String name) {
        return Path.of(System.getProperty("skiff.tlsDir"), name).toString();
    }

    private SkiffConfig config(String mode, String clientAuth) {
        return SkiffConfig.defaults()
                .listen("127.0.0.1:0")
                .nameServerListen("127.0.0.1:0")
                .store(StoreSection.of("mmap", Map.of("commitLogFileSize", "8m")))
                .plugins(new PluginsSection("./no-plugins"))
                .transport(new TransportSection(null, null, null, null, null, new TlsSection(mode,
                        tlsFile("server.pem"), tlsFile("server.key"), null, tlsFile("ca.pem"), clientAuth)));
    }

    @Test
    void enforcingServesTlsClientsOnly() throws Exception {
        try (SkiffServer server = SkiffServer.start(config("enforcing", null), home)) {
            DefaultMQProducer tls = official(server, true, "tls-enforcing");
            DefaultMQProducer plain = official(server, false, "plain-enforcing");
            try {
                assertEquals(SendStatus.SEND_OK, tls.send(message("TlsTopic", "over tls")).getSendStatus());
                assertThrows(Exception.class, () -> plain.send(message("TlsTopic", "in clear")));
                assertEquals(SendStatus.SEND_OK, tls.send(message("TlsTopic", "still fine")).getSendStatus());
                assertConsumed(server, Set.of("over tls", "still fine"));
            } finally {
                plain.shutdown();
                tls.shutdown();
            }
            // SkiffMQ's client, checking the broker's certificate against the CA.
            TlsConfig trustCa = new TlsConfig(TlsConfig.Mode.ENFORCING, null, null, null, tlsFile("ca.pem"), null);
            try (Producer skiff = Producer.builder("PG_SKIFF_TLS").nameServer(server.nameServerAddress())
                    .instanceName("skiff-tls").tls(trustCa).build()) {
                skiff.start();
                assertEquals(org.skiffmq.client.producer.SendStatus.SEND_OK, skiff.send(
                        new org.skiffmq.api.message.Message("TlsTopic", "from skiff".getBytes(StandardCharsets.UTF_8)),
                        Duration.ofSeconds(5)).sendStatus());
            }
        }
    }

    @Test
    void permissiveServesBoth() throws Exception {
        try (SkiffServer server = SkiffServer.start(config("permissive", null), home)) {
            DefaultMQProducer tls = official(server, true, "tls-permissive");
            DefaultMQProducer plain = official(server, false, "plain-permissive");
            try {
                assertEquals(SendStatus.SEND_OK, tls.send(message("Mixed", "tls")).getSendStatus());
                assertEquals(SendStatus.SEND_OK, plain.send(message("Mixed", "plain")).getSendStatus());
            } finally {
                plain.shutdown();
                tls.shutdown();
            }
        }
    }

    @Test
    void requiredClientAuthenticationRefusesAClientWithoutACertificate() throws Exception {
        try (SkiffServer server = SkiffServer.start(config("enforcing", "require"), home)) {
            DefaultMQProducer noCertificate = official(server, true, "no-certificate");
            try {
                assertThrows(Exception.class, () -> noCertificate.send(message("Guarded", "refused")));
            } finally {
                noCertificate.shutdown();
            }
            TlsConfig withCertificate = new TlsConfig(TlsConfig.Mode.ENFORCING, tlsFile("client.pem"),
                    tlsFile("client.key"), null, tlsFile("ca.pem"), null);
            try (Producer skiff = Producer.builder("PG_SKIFF_MTLS").nameServer(server.nameServerAddress())
                    .instanceName("skiff-mtls").tls(withCertificate).build()) {
                skiff.start();
                assertEquals(org.skiffmq.client.producer.SendStatus.SEND_OK, skiff.send(
                        new org.skiffmq.api.message.Message("Guarded", "with a certificate".getBytes(StandardCharsets.UTF_8)),
                        Duration.ofSeconds(5)).sendStatus());
            }
        }
    }

    @Test
    void anUnreadableCertificateStopsTheStartNamingTheKey() {
        SkiffConfig config = SkiffConfig.defaults().listen("127.0.0.1:0").nameServerListen("127.0.0.1:0")
                .plugins(new PluginsSection("./no-plugins"))
                .transport(new TransportSection(null, null, null, null, null,
                        new TlsSection("enforcing", "missing.pem", tlsFile("server.key"), null, null, null)));
        StartupException e = assertThrows(StartupException.class, () -> SkiffServer.start(config, home));
        assertTrue(e.getMessage().contains("transport.tls.cert"), e.getMessage());
    }

    private void assertConsumed(SkiffServer server, Set<String> expected) throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("tls-consumers");
        consumer.setNamesrvAddr(server.nameServerAddress());
        consumer.setInstanceName("tls-consumer");
        consumer.setUseTLS(true);
        consumer.subscribe("TlsTopic", "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!received.containsAll(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(received.containsAll(expected), "received " + received);
        } finally {
            consumer.shutdown();
        }
    }

    private static DefaultMQProducer official(SkiffServer server, boolean useTls, String instance) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("tls-test-" + instance);
        producer.setNamesrvAddr(server.nameServerAddress());
        producer.setInstanceName(instance);
        producer.setUseTLS(useTls);
        producer.setSendMsgTimeout(3000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return producer;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }
}

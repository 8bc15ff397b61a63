package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.AccessSection;
import org.skiffmq.kernel.config.PluginsSection;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.StoreSection;

/**
 * The plain-acl plugin as a user turns it on, against the official RocketMQ 5.2.0 client and
 * mqadmin's API signing with {@code AclClientRPCHook}: allowed requests work, refused ones store
 * and deliver nothing, and the same client goes on with what it may do.
 */
class AccessControlTest {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    static final String USERS = """
            accounts:
              - accessKey: orders-app
                secretKey: orders-secret
                topicPerms: [ Orders*=PUB ]
              - accessKey: billing-app
                secretKey: billing-secret
                topicPerms: [ Orders=SUB ]
                groupPerms: [ billing=SUB ]
              - accessKey: ops
                secretKey: ops-secret
                admin: true
            """;

    @TempDir
    static Path home;
    static SkiffServer server;

    @BeforeAll
    static void start() throws Exception {
        Path zip = Path.of(System.getProperty("skiff.pluginModules"), "plain-acl", "target", "plain-acl.zip");
        assertTrue(Files.exists(zip), "build the plugin first (mvn verify builds it before this test): " + zip);
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(zip, home.resolve("plugins/plain-acl.zip"));
        Files.writeString(home.resolve("plain_acl.yml"), USERS);
        server = SkiffServer.start(config(home.resolve("plain_acl.yml").toString(), "ops"), home);
    }

    static SkiffConfig config(String usersFile, String brokerUser) {
        SkiffConfig config = SkiffConfig.defaults()
                .listen("127.0.0.1:0")
                .nameServerListen("127.0.0.1:0")
                .store(StoreSection.of("mmap", Map.of("commitLogFileSize", "8m")))
                .plugins(new PluginsSection("./plugins"))
                .access(new AccessSection("plain-acl"));
        config.pluginSections().put("plain-acl", Map.of("file", usersFile, "brokerUser", brokerUser));
        return config;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    static RPCHook user(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    @Test
    void aSignedProducerSendsAndASignedConsumerReceives() throws Exception {
        DefaultMQProducer producer = producer(user("orders-app", "orders-secret"), "signed");
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("billing", user("billing-app", "billing-secret"),
                new org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely());
        Set<String> received = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(SendStatus.SEND_OK, producer.send(message("Orders", "order-" + i)).getSendStatus());
            }
            consumer.setNamesrvAddr(server.nameServerAddress());
            consumer.setInstanceName("acl-consumer");
            consumer.subscribe("Orders", "*");
            consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(Set.of("order-0", "order-1", "order-2", "order-3", "order-4"), received);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    void unsignedAndWronglySignedProducersStoreNothing() throws Exception {
        for (RPCHook hook : new RPCHook[] {null, user("orders-app", "not-the-secret"), user("stranger", "whatever")}) {
            DefaultMQProducer producer = producer(hook, "refused-" + (hook == null ? "unsigned" : hook.hashCode()));
            try {
                // The name server refuses the route look-up too, so the client finds no route.
                assertThrows(MQClientException.class, () -> producer.send(message("Orders-forged", "forged")));
            } finally {
                producer.shutdown();
            }
        }
        assertStored("Orders-forged", 0, "forged");
    }

    @Test
    void anotherUsersTopicAndASubscriberSendingAreRefusedAndTheClientGoesOn() throws Exception {
        DefaultMQProducer producer = producer(user("orders-app", "orders-secret"), "own-topic");
        DefaultMQProducer subscriber = producer(user("billing-app", "billing-secret"), "subscriber");
        try {
            Refusal other = refusal(() -> producer.send(message("Payments", "not mine")));
            assertEquals(16, other.code());
            assertTrue(other.message().contains("no PUB on topic 'Payments'"), other.message());
            Refusal sending = refusal(() -> subscriber.send(message("Orders", "from a subscriber")));
            assertEquals(16, sending.code());
            // The same producer and connection, on the topic it may use:
            assertEquals(SendStatus.SEND_OK, producer.send(message("Orders-more", "after refusal")).getSendStatus());
        } finally {
            subscriber.shutdown();
            producer.shutdown();
        }
        assertStored("Payments", 0, "not mine");
        assertStored("Orders-more", 1, "after refusal");
    }

    @Test
    void aUserWithoutSubscribePermissionConsumesNothing() throws Exception {
        DefaultMQProducer producer = producer(user("orders-app", "orders-secret"), "for-pull");
        try {
            assertEquals(SendStatus.SEND_OK, producer.send(message("Orders-pull", "kept")).getSendStatus());
        } finally {
            producer.shutdown();
        }
        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        raw.start();
        try {
            // orders-app may publish to Orders* but not subscribe: its pull is refused, its body never read.
            raw.registerRPCHook(user("orders-app", "orders-secret"));
            RemotingCommand pull = RemotingCommand.createRequestCommand(11, null);
            pull.addExtField("consumerGroup", "billing");
            pull.addExtField("topic", "Orders-pull");
            pull.addExtField("queueId", "0");
            pull.addExtField("queueOffset", "0");
            pull.addExtField("maxMsgNums", "32");
            pull.addExtField("sysFlag", "0");
            pull.addExtField("commitOffset", "0");
            pull.addExtField("suspendTimeoutMillis", "0");
            pull.addExtField("subVersion", "0");
            RemotingCommand refused = raw.invokeSync(server.brokerAddress(), pull, 5000);
            assertEquals(16, refused.getCode());
            assertTrue(refused.getRemark().contains("no SUB on topic 'Orders-pull'"), refused.getRemark());
            assertEquals(null, refused.getBody());
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void topicCreationNeedsAnAdminUser() throws Exception {
        TopicConfig topic = new TopicConfig("CreatedByAdmin", 4, 4, 6);
        DefaultMQAdminExt app = admin(user("orders-app", "orders-secret"), "acl-admin-app");
        try {
            Refusal refused = refusal(() -> app.createAndUpdateTopicConfig(server.brokerAddress(), topic));
            assertEquals(16, refused.code());
            assertTrue(refused.message().contains("needs an admin user"), refused.message());
        } finally {
            app.shutdown();
        }
        assertEquals(null, server.broker().topics().get("CreatedByAdmin"));

        DefaultMQAdminExt ops = admin(user("ops", "ops-secret"), "acl-admin-ops");
        try {
            ops.createAndUpdateTopicConfig(server.brokerAddress(), topic);
        } finally {
            ops.shutdown();
        }
        assertNotNull(server.broker().topics().get("CreatedByAdmin"));
    }

    @Test
    void pluginControlAndBrokerRegistrationNeedAnAdminUser() throws Exception {
        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        raw.start();
        try {
            raw.registerRPCHook(user("orders-app", "orders-secret"));
            RemotingCommand install = RemotingCommand.createRequestCommand(9101, null);
            install.addExtField("path", home.resolve("plugins/plain-acl.zip").toString());
            RemotingCommand refused = raw.invokeSync(server.brokerAddress(), install, 5000);
            assertEquals(16, refused.getCode());
            assertTrue(refused.getRemark().contains("needs an admin user"), refused.getRemark());

            // A forged broker cannot take routes over at the name server without the broker's credentials.
            RemotingCommand register = RemotingCommand.createRequestCommand(103, null);
            register.addExtField("brokerName", "forged");
            register.addExtField("brokerAddr", "127.0.0.1:1");
            register.addExtField("clusterName", "DefaultCluster");
            register.addExtField("brokerId", "0");
            RemotingCommand forged = raw.invokeSync(server.nameServerAddress(), register, 5000);
            assertEquals(16, forged.getCode());
            assertTrue(forged.getRemark().contains("needs an admin user"), forged.getRemark());
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void skiffPluginsSignsAsTheUserInTheEnvironment() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.util.function.Function<Map<String, String>, Integer> list = env -> new org.skiffmq.dist.plugins.PluginsCommand(
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true), home, env)
                .run(List.of("--broker", server.brokerAddress(), "list"));

        assertEquals(1, list.apply(Map.of()));
        assertTrue(err.toString().contains("not signed"), err.toString());
        assertEquals(1, list.apply(Map.of("SKIFF_ACCESS_KEY", "orders-app", "SKIFF_SECRET_KEY", "orders-secret")));
        assertTrue(err.toString().contains("needs an admin user"), err.toString());
        assertEquals(2, list.apply(Map.of("SKIFF_ACCESS_KEY", "ops")));
        assertTrue(err.toString().contains("SKIFF_SECRET_KEY is not set"), err.toString());
        assertEquals(0, list.apply(Map.of("SKIFF_ACCESS_KEY", "ops", "SKIFF_SECRET_KEY", "ops-secret")),
                err.toString());
        assertTrue(out.toString().contains("plain-acl"), out.toString());
    }

    @Test
    void aStandaloneNameServerUnderAccessControlTakesOnlySignedBrokersAndClients() throws Exception {
        SkiffConfig nsConfig = config(home.resolve("plain_acl.yml").toString(), "ops");
        org.skiffmq.kernel.namesrv.NameServer ns = SkiffServer.startNameServer(nsConfig, home,
                java.time.Clock.systemUTC());
        try {
            SkiffConfig brokerConfig = config(home.resolve("plain_acl.yml").toString(), "ops")
                    .nameServer(ns.addressString()).brokerName("broker-ext");
            brokerConfig.store(StoreSection.of("mmap", Map.of("commitLogFileSize", "8m", "dir",
                    home.resolve("ext-data").toString())));
            try (SkiffServer broker = SkiffServer.start(brokerConfig, home)) {
                DefaultMQProducer producer = new DefaultMQProducer("acl-ext", user("orders-app", "orders-secret"));
                producer.setNamesrvAddr(ns.addressString());
                producer.setInstanceName("acl-ext");
                producer.start();
                try {
                    assertEquals(SendStatus.SEND_OK, producer.send(message("Orders-ext", "via")).getSendStatus());
                } finally {
                    producer.shutdown();
                }
            }
            NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
            raw.start();
            try {
                RemotingCommand unsigned = RemotingCommand.createRequestCommand(105, null);
                unsigned.addExtField("topic", "Orders-ext");
                RemotingCommand refused = raw.invokeSync(ns.addressString(), unsigned, 5000);
                assertEquals(16, refused.getCode());
                assertTrue(refused.getRemark().contains("not signed"), refused.getRemark());
            } finally {
                raw.shutdown();
            }
        } finally {
            ns.shutdown();
        }
    }

    @Test
    void aBrokerWhoseUsersFileIsMissingOrWhoseBrokerUserIsNotAdminDoesNotStart() {
        StartupException missing = assertThrows(StartupException.class,
                () -> SkiffServer.start(config(home.resolve("no-such.yml").toString(), "ops"), home));
        assertTrue(missing.getMessage().contains("no-such.yml"), missing.getMessage());
        StartupException notAdmin = assertThrows(StartupException.class,
                () -> SkiffServer.start(config(home.resolve("plain_acl.yml").toString(), "orders-app"), home));
        assertTrue(notAdmin.getMessage().contains("not an admin account"), notAdmin.getMessage());
    }

    /** The broker's answer inside what the client throws (it wraps it once its retries are spent). */
    private static Refusal refusal(org.junit.jupiter.api.function.Executable call) {
        Throwable thrown = assertThrows(Exception.class, call);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException broker) {
                return new Refusal(broker.getResponseCode(), broker.getErrorMessage());
            }
        }
        // The admin API answers with the broker's code in an MQClientException.
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MQClientException client && client.getResponseCode() > 0) {
                return new Refusal(client.getResponseCode(), client.getErrorMessage());
            }
        }
        throw new AssertionError("no broker answer in " + thrown, thrown);
    }

    private record Refusal(int code, String message) {
    }

    private static void assertStored(String topic, int expected, String what) {
        long stored = 0;
        for (int q = 0; q < 16; q++) {
            stored += server.broker().store().maxQueueOffset(topic, q);
        }
        assertEquals(expected, stored, "messages stored in " + topic + " (" + what + ")");
    }

    private static DefaultMQProducer producer(RPCHook hook, String instance) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer("acl-test-" + instance, hook);
        producer.setNamesrvAddr(server.nameServerAddress());
        producer.setInstanceName("acl-" + instance);
        producer.setSendMsgTimeout(5000);
        producer.start();
        return producer;
    }

    private static DefaultMQAdminExt admin(RPCHook hook, String instance) throws MQClientException {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(hook, 5000);
        admin.setNamesrvAddr(server.nameServerAddress());
        admin.setInstanceName(instance);
        admin.start();
        return admin;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }
}

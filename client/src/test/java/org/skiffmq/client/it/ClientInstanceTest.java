package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.instance.ClientInstance;
import org.skiffmq.client.internal.instance.ClientInstances;
import org.skiffmq.client.internal.instance.ClientSettings;
import org.skiffmq.client.internal.instance.ConsumerRegistration;
import org.skiffmq.client.internal.instance.Subscription;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.kernel.SkiffServer;

/** The process-wide client instance: shared connections, producer groups, and a clean end. */
class ClientInstanceTest {
    @TempDir
    Path dir;
    private SkiffServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.standalone(dir, "broker-a");
    }

    @AfterEach
    void stop() {
        TestServers.close(server);
    }

    private Producer producer(String group) {
        return Producer.builder(group).nameServer(server.nameServerAddress()).build();
    }

    @Test
    void aSecondProducerWithAGroupInUseIsRefused() throws Exception {
        try (Producer first = producer("PG_TAKEN")) {
            first.start();
            Producer second = producer("PG_TAKEN");
            ClientException e = assertThrows(ClientException.class, second::start);
            assertTrue(e.getMessage().contains("'PG_TAKEN' is already in use"), e.getMessage());
        }
    }

    @Test
    void aGroupIsFreeAgainOnceItsProducerShutDown() throws Exception {
        Producer first = producer("PG_ONCE");
        first.start();
        first.shutdown();
        try (Producer second = producer("PG_ONCE")) {
            second.start();
            assertEquals(SendStatus.SEND_OK, second.send(message("ReuseTopic")).sendStatus());
        }
    }

    @Test
    void producersOfOneProcessShareOneConnectionToTheBroker() throws Exception {
        assumeTrue(Connections.observable(), "needs /proc/net/tcp to see the broker's connections");
        int brokerPort = Connections.port(server.brokerAddress());
        try (Producer a = producer("PG_SHARE_A"); Producer b = producer("PG_SHARE_B")) {
            a.start();
            b.start();
            for (int i = 0; i < 10; i++) {
                a.send(message("ShareTopic"));
                b.send(message("ShareTopic"));
            }
            assertEquals(a.clientId(), b.clientId());
            assertEquals(1, Connections.establishedTo(brokerPort));
        }
    }

    @Test
    void shutdownOfTheLastProducerLeavesNoThreadAndNoConnection() throws Exception {
        int brokerPort = Connections.port(server.brokerAddress());
        Set<String> before = liveThreads();
        Producer a = producer("PG_END_A");
        Producer b = producer("PG_END_B");
        a.start();
        b.start();
        a.send(message("EndTopic"));
        b.sendAsync(message("EndTopic")).get();
        assertTrue(liveThreads().stream().anyMatch(t -> t.startsWith("skiff-client-")));

        a.shutdown();
        assertTrue(liveThreads().stream().anyMatch(t -> t.startsWith("skiff-client-")),
                "the instance must live on while producer b uses it");
        b.shutdown();

        assertTrue(Waits.until(() -> before.containsAll(liveThreads()), 10_000),
                "threads left behind: " + minus(liveThreads(), before));
        if (Connections.observable()) {
            assertTrue(Waits.until(() -> Connections.establishedTo(brokerPort) == 0, 10_000),
                    "the broker still has " + Connections.establishedTo(brokerPort) + " connection(s)");
        }
    }

    @Test
    void aDeadNameServerIsSkipped() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (Producer producer = Producer.builder("PG_DEAD_NS")
                .nameServer("127.0.0.1:" + deadPort + ";" + server.nameServerAddress()).build()) {
            producer.start();
            assertEquals(SendStatus.SEND_OK, producer.send(message("DeadNsTopic")).sendStatus());
        }
    }

    @Test
    void aProducerAskingTheSameInstanceForOtherSettingsIsRefused() throws Exception {
        try (Producer first = producer("PG_SETTINGS_A")) {
            first.start();
            Producer other = Producer.builder("PG_SETTINGS_B").nameServer(server.nameServerAddress())
                    .routeRefreshInterval(Duration.ofSeconds(5)).build();
            ClientException e = assertThrows(ClientException.class, other::start);
            assertTrue(e.getMessage().contains("another instanceName"), e.getMessage());
        }
    }

    @Test
    void heartbeatsGoOnAfterOneOfThemThrows() throws Exception {
        try (Producer creator = producer("PG_HEARTBEAT_TOPIC")) {
            creator.start();
            creator.send(message("HeartbeatTopic"));
        }
        AtomicInteger heartbeats = new AtomicInteger();
        ConsumerRegistration failsOnce = new ConsumerRegistration() {
            @Override
            public String group() {
                return "CG_HEARTBEAT";
            }

            @Override
            public String consumeType() {
                return "CONSUME_PASSIVELY";
            }

            @Override
            public String messageModel() {
                return "CLUSTERING";
            }

            @Override
            public String consumeFromWhere() {
                return "CONSUME_FROM_LAST_OFFSET";
            }

            @Override
            public List<Subscription> subscriptions() {
                // The first heartbeat to a new broker may come from the route change rather than
                // the schedule; failing the next two hits the scheduled one at least once.
                int n = heartbeats.incrementAndGet();
                if (n == 2 || n == 3) {
                    throw new IllegalStateException("injected: subscriptions unavailable, heartbeat " + n);
                }
                return List.of(Subscription.of("HeartbeatTopic", "*", 1));
            }

            @Override
            public void rebalanceNow() {
            }
        };
        ClientSettings settings = new ClientSettings("heartbeat-test", List.of(server.nameServerAddress()), "netty",
                30_000, 50, 3_000);
        ClientInstance instance = ClientInstances.registerConsumer(settings, failsOnce);
        try {
            instance.routes().subscribeInfo("HeartbeatTopic", 3_000);
            assertTrue(Waits.until(() -> heartbeats.get() >= 6, 10_000),
                    "heartbeats stopped after the one that threw (" + heartbeats.get() + " made)");
        } finally {
            ClientInstances.unregisterConsumer(instance, failsOnce.group());
        }
    }

    private static Message message(String topic) {
        return new Message(topic, "m".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Live threads of the kinds a client makes: its own ({@code skiff-client-}) and its transport's
     * ({@code remoting-client-}). The in-process broker starts server threads lazily as it gets
     * work, so those are left out; its own name-server client's threads exist before the test.
     */
    private static Set<String> liveThreads() {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("skiff-client-") || n.startsWith("remoting-client-")).forEach(names::add);
        return names;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}

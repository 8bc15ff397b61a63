package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.consumer.MessageModel;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;

/** Consumer groups: members splitting and handing over queues, broadcasting, and the client instance's rules. */
class PushConsumerGroupTest {
    @TempDir
    Path dir;
    private SkiffServer server;
    private Producer producer;
    private final List<PushConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.standalone(dir, "broker-a");
        producer = Producer.builder("PG_GROUP").nameServer(server.nameServerAddress()).build();
        producer.start();
    }

    @AfterEach
    void stop() {
        consumers.forEach(PushConsumer::shutdown);
        TestServers.close(producer, server);
    }

    private PushConsumer started(String group, String topic, String instance, MessageModel model, Received received)
            throws Exception {
        PushConsumer consumer = Consumers.builder(server.nameServerAddress(), group, topic, "*")
                .instanceName(instance).messageModel(model).offsetStoreDir(dir.resolve("offsets"))
                .listener(received).build();
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    @Test
    void twoMembersSplitTheQueuesAndTheSurvivorTakesOverWithNothingLost() throws Exception {
        Received a = new Received();
        Received b = new Received();
        List<String> ids = new ArrayList<>(Sends.batches(producer, "Split", 2000, "TagA"));
        PushConsumer first = started("CG_SPLIT", "Split", "member-a", MessageModel.CLUSTERING, a);
        PushConsumer second = started("CG_SPLIT", "Split", "member-b", MessageModel.CLUSTERING, b);
        assertTrue(Consumers.await(60, () -> union(a, b).size() >= 2000), "received " + union(a, b).size());
        assertTrue(Consumers.await(30, () -> split(first, second)),
                "the members should split the queues: " + first.assignedQueues() + " / " + second.assignedQueues());
        ids.addAll(Sends.batches(producer, "Split", 400, "TagA"));
        assertTrue(Consumers.await(60, () -> union(a, b).size() >= 2400));

        first.shutdown();
        assertTrue(Consumers.await(30, () -> second.assignedQueues().containsAll(topicQueues("Split", 4))),
                "the survivor did not take over: " + second.assignedQueues());
        ids.addAll(Sends.batches(producer, "Split", 1000, "TagA"));
        assertTrue(Consumers.await(60, () -> union(a, b).containsAll(ids)),
                "lost " + (new HashSet<>(ids).size() - union(a, b).size()) + " messages after a member left");
    }

    private static boolean split(PushConsumer first, PushConsumer second) {
        List<MessageQueue> a = withoutRetry(first.assignedQueues());
        List<MessageQueue> b = withoutRetry(second.assignedQueues());
        Set<MessageQueue> both = new TreeSet<>(a);
        both.addAll(b);
        return a.size() == 2 && b.size() == 2 && both.equals(new TreeSet<>(topicQueues("Split", 4)));
    }

    private static List<MessageQueue> withoutRetry(List<MessageQueue> queues) {
        return queues.stream().filter(q -> !q.topic().startsWith("%RETRY%")).toList();
    }

    private static List<MessageQueue> topicQueues(String topic, int count) {
        List<MessageQueue> queues = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            queues.add(new MessageQueue(topic, "broker-a", i));
        }
        return queues;
    }

    private static Set<String> union(Received a, Received b) {
        Set<String> all = new HashSet<>(a.byId.keySet());
        all.addAll(b.byId.keySet());
        return all;
    }

    @Test
    void broadcastingMembersEachReceiveEverything() throws Exception {
        Received a = new Received();
        Received b = new Received();
        List<String> ids = Sends.batches(producer, "Bcast", 500, "TagA");
        started("CG_BCAST", "Bcast", "bcast-a", MessageModel.BROADCASTING, a);
        started("CG_BCAST", "Bcast", "bcast-b", MessageModel.BROADCASTING, b);
        assertTrue(Consumers.await(60, () -> a.distinct() >= 500 && b.distinct() >= 500),
                a.distinct() + " / " + b.distinct());
        assertEquals(new HashSet<>(ids), a.byId.keySet());
        assertEquals(new HashSet<>(ids), b.byId.keySet());
    }

    @Test
    void aBroadcastingMemberKeepsItsOffsetsInAFileUnderTheOffsetStoreDir() throws Exception {
        Received received = new Received();
        Sends.batches(producer, "BcastFile", 100, "TagA");
        PushConsumer consumer = started("CG_BCAST_FILE", "BcastFile", "bcast-file", MessageModel.BROADCASTING,
                received);
        assertTrue(Consumers.await(30, () -> received.distinct() >= 100));
        Path file = dir.resolve("offsets").resolve(consumer.clientId()).resolve("CG_BCAST_FILE").resolve("offsets.json");
        consumer.shutdown();
        String json = java.nio.file.Files.readString(file);
        long committed = 0;
        for (var entry : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("offsets")) {
            committed += entry.path("offset").asLong();
        }
        assertEquals(100, committed, json);
    }

    @Test
    void aSecondConsumerOfAGroupInOneInstanceIsRefused() throws Exception {
        started("CG_TWICE", "Twice", "twice", MessageModel.CLUSTERING, new Received());
        PushConsumer second = Consumers.builder(server.nameServerAddress(), "CG_TWICE", "Twice", "*")
                .instanceName("twice").listener(new Received()).build();
        ClientException e = assertThrows(ClientException.class, second::start);
        assertTrue(e.getMessage().contains("'CG_TWICE' is already in use"), e.getMessage());
    }

    @Test
    void shutdownOfTheLastUserLeavesNoClientThread() throws Exception {
        Sends.batches(producer, "Threads", 100, "TagA");
        Received received = new Received();
        PushConsumer consumer = started("CG_THREADS", "Threads", "threads", MessageModel.CLUSTERING, received);
        assertTrue(Consumers.await(30, () -> received.distinct() >= 100));
        assertTrue(threadsOf("threads").stream().anyMatch(t -> t.contains("consume-CG_THREADS")), threadsOf("threads")
                .toString());
        consumer.shutdown();
        assertTrue(Waits.until(() -> threadsOf("threads").isEmpty(), 10_000), "left behind: " + threadsOf("threads"));
    }

    private static Set<String> threadsOf(String instance) {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("skiff-client-" + instance + "-")).forEach(names::add);
        return names;
    }
}

package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConsumeSection;

/** The official RocketMQ 5.x consumers, unchanged, reading from an in-process SkiffMQ broker. */
class OfficialConsumerTest {
    @TempDir
    Path dir;

    /** Sends {@code count} messages in batches of 100, tags cycling through {@code tags}. */
    private static List<String> sendBatches(DefaultMQProducer producer, String topic, int count, String... tags)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int start = 0; start < count; start += 100) {
            List<Message> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                batch.add(new Message(topic, tags[i % tags.length], "k" + i, ("message " + i).getBytes()));
            }
            assertEquals(SendStatus.SEND_OK, producer.send(batch).getSendStatus());
            for (Message m : batch) {
                ids.add(m.getProperty("UNIQ_KEY"));
            }
        }
        return ids;
    }

    @Test
    void pushConsumerReceivesTenThousandMessagesEachExactlyOnce() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_10K");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            try {
                List<String> ids = sendBatches(producer, "TenK", 10_000, "TagA");
                consumer = OfficialClient.recordingConsumer(server.nameServerAddress(), "CG_10K", "TenK", "*",
                        MessageModel.CLUSTERING, received);
                assertTrue(Received.await(60, () -> received.distinct() >= 10_000),
                        "received " + received.distinct() + " of 10000");
                Thread.sleep(500);
                assertEquals(new HashSet<>(ids), received.byId.keySet());
                assertEquals(0, received.duplicates(), "some messages arrived twice");
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    @Test
    void twoConsumersSplitTheQueuesAndTheSurvivorTakesOverWithNothingLost() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_SPLIT");
            Received a = new Received();
            Received b = new Received();
            DefaultMQPushConsumer first = null;
            DefaultMQPushConsumer second = null;
            try {
                List<String> ids = new ArrayList<>(sendBatches(producer, "Split", 2000, "TagA"));
                first = OfficialClient.recordingConsumer(ns, "CG_SPLIT", "Split", "*", MessageModel.CLUSTERING, a);
                second = OfficialClient.recordingConsumer(ns, "CG_SPLIT", "Split", "*", MessageModel.CLUSTERING, b);
                assertTrue(Received.await(60, () -> union(a, b).size() >= 2000), "received " + union(a, b).size());
                ids.addAll(sendBatches(producer, "Split", 400, "TagA"));
                assertTrue(Received.await(60, () -> union(a, b).size() >= 2400));
                assertTrue(queuesOf(a).size() > 0 && queuesOf(b).size() > 0,
                        "both members should own queues: " + queuesOf(a) + " / " + queuesOf(b));
                first.shutdown();
                first = null;
                ids.addAll(sendBatches(producer, "Split", 1000, "TagA"));
                assertTrue(Received.await(60, () -> union(a, b).containsAll(ids)),
                        "lost " + (ids.size() - union(a, b).size()) + " messages after a member left");
            } finally {
                if (first != null) {
                    first.shutdown();
                }
                if (second != null) {
                    second.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    private static Set<String> union(Received a, Received b) {
        Set<String> all = new HashSet<>(a.byId.keySet());
        all.addAll(b.byId.keySet());
        return all;
    }

    private static Set<Integer> queuesOf(Received r) {
        Set<Integer> queues = new HashSet<>();
        r.byId.values().forEach(m -> queues.add(m.getQueueId()));
        return queues;
    }

    @Test
    void broadcastingConsumersEachReceiveEverything() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_BCAST");
            Received a = new Received();
            Received b = new Received();
            DefaultMQPushConsumer first = null;
            DefaultMQPushConsumer second = null;
            try {
                List<String> ids = sendBatches(producer, "Bcast", 500, "TagA");
                first = OfficialClient.recordingConsumer(ns, "CG_BCAST", "Bcast", "*", MessageModel.BROADCASTING, a);
                second = OfficialClient.recordingConsumer(ns, "CG_BCAST", "Bcast", "*", MessageModel.BROADCASTING, b);
                assertTrue(Received.await(60, () -> a.distinct() >= 500 && b.distinct() >= 500),
                        a.distinct() + " / " + b.distinct());
                assertEquals(new HashSet<>(ids), a.byId.keySet());
                assertEquals(new HashSet<>(ids), b.byId.keySet());
            } finally {
                if (first != null) {
                    first.shutdown();
                }
                if (second != null) {
                    second.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    @Test
    void orderlyConsumerSeesEachKeysMessagesInSendOrder() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_ORDERLY");
            Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
            DefaultMQPushConsumer consumer = OfficialClient.pushConsumer(ns, "CG_ORDERLY", "Orderly", "*",
                    MessageModel.CLUSTERING);
            try {
                int keys = 8;
                int perKey = 50;
                for (int step = 0; step < perKey; step++) {
                    for (int key = 0; key < keys; key++) {
                        Message m = new Message("Orderly", "TagA", "order-" + key, (key + ":" + step).getBytes());
                        producer.send(m, (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size()), key);
                    }
                }
                consumer.registerMessageListener((MessageListenerOrderly) (msgs, context) -> {
                    for (MessageExt m : msgs) {
                        String[] parts = new String(m.getBody()).split(":");
                        seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
                    }
                    return ConsumeOrderlyStatus.SUCCESS;
                });
                consumer.start();
                assertTrue(Received.await(60, () -> seen.values().stream().mapToInt(List::size).sum() >= keys * perKey),
                        "received " + seen.values().stream().mapToInt(List::size).sum());
                for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
                    List<Integer> steps = e.getValue();
                    for (int i = 1; i < steps.size(); i++) {
                        assertTrue(steps.get(i) > steps.get(i - 1), "key " + e.getKey() + " out of order: " + steps);
                    }
                }
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    @Test
    void tagExpressionDeliversOnlyThoseTags() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_TAGS");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            try {
                sendBatches(producer, "Tagged", 300, "TagA", "TagB", "TagC");
                consumer = OfficialClient.recordingConsumer(ns, "CG_TAGS", "Tagged", "TagA || TagB",
                        MessageModel.CLUSTERING, received);
                assertTrue(Received.await(60, () -> received.distinct() >= 200), "received " + received.distinct());
                Thread.sleep(500);
                assertEquals(200, received.distinct());
                assertTrue(received.byId.values().stream().allMatch(m -> !m.getTags().equals("TagC")));
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    @Test
    void reconsumeLaterBringsTheMessageBackFromTheRetryTopic() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_RETRY");
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            DefaultMQPushConsumer consumer = OfficialClient.pushConsumer(ns, "CG_RETRY", "Retried", "*",
                    MessageModel.CLUSTERING);
            try {
                String id = producer.send(new Message("Retried", "TagA", "k", "try me".getBytes())).getMsgId();
                consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                    for (MessageExt m : msgs) {
                        if (m.getMsgId().equals(id)) {
                            attempts.add(m.getReconsumeTimes());
                        }
                    }
                    if (attempts.size() == 1) {
                        context.setDelayLevelWhenNextConsume(1);
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
                assertTrue(Received.await(60, () -> attempts.size() >= 2), "attempts: " + attempts);
                assertEquals(List.of(0, 1), attempts.subList(0, 2));
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    @Test
    void committedOffsetsSurviveABrokerRestart() throws Exception {
        String ns;
        Map<Integer, Set<Long>> firstSession = new ConcurrentHashMap<>();
        Map<Integer, Long> committed = new HashMap<>();
        try (SkiffServer server = TestBroker.start(dir)) {
            ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_RESTART");
            sendBatches(producer, "Restart", 1000, "TagA");
            producer.shutdown();
            AtomicBoolean enough = new AtomicBoolean();
            DefaultMQPushConsumer consumer = OfficialClient.pushConsumer(ns, "CG_RESTART", "Restart", "*",
                    MessageModel.CLUSTERING);
            consumer.setConsumeThreadMin(1);
            consumer.setConsumeThreadMax(1);
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    firstSession.computeIfAbsent(m.getQueueId(), k -> ConcurrentHashMap.newKeySet()).add(m.getQueueOffset());
                }
                if (count(firstSession) >= 500) {
                    enough.set(true);
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            assertTrue(Received.await(60, enough::get));
            consumer.shutdown();
        }
        try (SkiffServer restarted = TestBroker.start(dir)) {
            for (int q = 0; q < 4; q++) {
                committed.put(q, restarted.broker().consume().offsets().query("CG_RESTART", "Restart", q));
            }
            Map<Integer, Set<Long>> secondSession = new ConcurrentHashMap<>();
            DefaultMQPushConsumer consumer = OfficialClient.pushConsumer(restarted.nameServerAddress(), "CG_RESTART",
                    "Restart", "*", MessageModel.CLUSTERING);
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                for (MessageExt m : msgs) {
                    if (!m.getTopic().equals("Restart")) {
                        continue;
                    }
                    secondSession.computeIfAbsent(m.getQueueId(), k -> ConcurrentHashMap.newKeySet()).add(m.getQueueOffset());
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                long expected = 0;
                for (int q = 0; q < 4; q++) {
                    expected += restarted.broker().store().maxQueueOffset("Restart", q) - Math.max(0, committed.get(q));
                }
                long want = expected;
                assertTrue(Received.await(60, () -> count(secondSession) >= want),
                        "second session got " + count(secondSession) + " of " + want);
                for (int q = 0; q < 4; q++) {
                    long c = committed.get(q);
                    assertTrue(c >= 0, "queue " + q + " has no committed offset");
                    for (long off = 0; off < c; off++) {
                        assertTrue(firstSession.getOrDefault(q, Set.of()).contains(off),
                                "committed offset " + off + " of queue " + q + " was never consumed");
                    }
                    for (long off : secondSession.getOrDefault(q, Set.of())) {
                        assertTrue(off >= c, "committed message " + q + "@" + off + " came back");
                    }
                }
                assertFalse(committed.values().stream().allMatch(c -> c == 0), "nothing was committed: " + committed);
            } finally {
                consumer.shutdown();
            }
        }
    }

    private static int count(Map<Integer, Set<Long>> byQueue) {
        return byQueue.values().stream().mapToInt(Set::size).sum();
    }

    @Test
    void delayLevelOneArrivesNoSoonerThanOneSecond() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_DELAY");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            try {
                producer.send(new Message("Delayed", "TagA", "warm", "warm".getBytes()));
                consumer = OfficialClient.recordingConsumer(ns, "CG_DELAY", "Delayed", "*", MessageModel.CLUSTERING,
                        received);
                assertTrue(Received.await(30, () -> received.distinct() >= 1));
                Message delayed = new Message("Delayed", "TagA", "late", "later".getBytes());
                delayed.setDelayTimeLevel(1);
                long sentAt = System.currentTimeMillis();
                String id = producer.send(delayed).getMsgId();
                assertTrue(Received.await(30, () -> received.byId.containsKey(id)), "the delayed message never came");
                long waited = received.arrivedAt.get(id) - sentAt;
                assertTrue(waited >= 1000, "arrived after " + waited + " ms, before its 1 s delay");
                MessageExt m = received.byId.get(id);
                assertEquals("Delayed", m.getTopic());
                assertEquals("later", new String(m.getBody()));
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    @Test
    void litePullConsumerAssignedAndSeekedToZeroReadsFromTheBeginning() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_LITE");
            DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("CG_LITE");
            consumer.setNamesrvAddr(ns);
            consumer.setInstanceName("lite-pull-test");
            consumer.setAutoCommit(true);
            try {
                List<String> ids = sendBatches(producer, "Lite", 300, "TagA");
                consumer.start();
                Collection<MessageQueue> queues = consumer.fetchMessageQueues("Lite");
                consumer.assign(queues);
                for (MessageQueue mq : queues) {
                    consumer.seek(mq, 0);
                }
                Set<String> got = new HashSet<>();
                // A seek that races the client's first pull of a queue (from the queue's end, as
                // the client starts there) waits for that pull's long-poll hold, 20 s, before the
                // client pulls from the seeked offset; on a loaded machine that can take two.
                assertTrue(Received.await(90, () -> {
                    for (MessageExt m : consumer.poll(200)) {
                        got.add(m.getMsgId());
                    }
                    return got.size() >= 300;
                }), "polled " + got.size());
                assertEquals(new HashSet<>(ids), got);
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    @Test
    void heldPullIsAnsweredByTheArrivalNotByTheFallbackTimer() throws Exception {
        ConsumeSection slowFallback = new ConsumeSection(null, 10_000, null, null);
        try (SkiffServer server = SkiffServer.start(TestBroker.config(dir, "async").consume(slowFallback), dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_LONGPOLL");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            try {
                producer.send(new Message("LongPoll", "TagA", "warm", "warm".getBytes()));
                consumer = OfficialClient.recordingConsumer(ns, "CG_LONGPOLL", "LongPoll", "*", MessageModel.CLUSTERING,
                        received);
                assertTrue(Received.await(30, () -> received.distinct() >= 1));
                // Let every queue's pull reach the broker and be held.
                Thread.sleep(3000);
                for (int i = 0; i < 3; i++) {
                    long sentAt = System.currentTimeMillis();
                    String id = producer.send(new Message("LongPoll", "TagA", "k" + i, ("now " + i).getBytes())).getMsgId();
                    assertTrue(Received.await(10, () -> received.byId.containsKey(id)));
                    long latency = received.arrivedAt.get(id) - sentAt;
                    assertTrue(latency < 2000, "took " + latency + " ms: the held pull waited for the 10 s re-check");
                }
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }
}

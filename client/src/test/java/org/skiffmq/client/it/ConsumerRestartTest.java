package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeConcurrentlyStatus;
import org.skiffmq.client.consumer.MessageListenerConcurrently;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;

/** Offsets committed by the consumer survive a broker restart: nothing committed comes back, nothing is missing. */
class ConsumerRestartTest {
    private static final String TOPIC = "Restart";
    private static final String GROUP = "CG_RESTART";

    @TempDir
    Path dir;

    @Test
    void aGroupStartedAgainAfterABrokerRestartContinuesAtItsCommittedOffsets() throws Exception {
        Map<Integer, Set<Long>> firstSession = new ConcurrentHashMap<>();
        Map<Integer, Set<Long>> secondSession = new ConcurrentHashMap<>();
        Map<Integer, Long> committed = new HashMap<>();
        Map<Integer, Long> max = new HashMap<>();
        try (SkiffServer server = TestServers.standalone(dir, "broker-a")) {
            try (Producer producer = Producer.builder("PG_RESTART").nameServer(server.nameServerAddress()).build()) {
                producer.start();
                Sends.batches(producer, TOPIC, 1000, "TagA");
            }
            AtomicBoolean half = new AtomicBoolean();
            PushConsumer consumer = Consumers.builder(server.nameServerAddress(), GROUP, TOPIC, "*")
                    .consumeThreads(1)
                    .listener(recording(firstSession, () -> {
                        if (count(firstSession) >= 500) {
                            half.set(true);
                        }
                    })).build();
            consumer.start();
            assertTrue(Consumers.await(60, half::get));
            consumer.shutdown();
        }
        try (SkiffServer restarted = TestServers.standalone(dir, "broker-a")) {
            for (int q = 0; q < 4; q++) {
                committed.put(q, restarted.broker().consume().offsets().query(GROUP, TOPIC, q));
                max.put(q, restarted.broker().store().maxQueueOffset(TOPIC, q));
            }
            long expected = 0;
            for (int q = 0; q < 4; q++) {
                assertTrue(committed.get(q) >= 0, "queue " + q + " has no committed offset");
                expected += max.get(q) - committed.get(q);
            }
            long want = expected;
            try (PushConsumer consumer = Consumers.builder(restarted.nameServerAddress(), GROUP, TOPIC, "*")
                    .listener(recording(secondSession, () -> { })).build()) {
                consumer.start();
                assertTrue(Consumers.await(60, () -> count(secondSession) >= want),
                        "second session got " + count(secondSession) + " of " + want);
                Thread.sleep(300);
            }
        }
        assertFalse(committed.values().stream().allMatch(c -> c == 0), "nothing was committed: " + committed);
        for (int q = 0; q < 4; q++) {
            long c = committed.get(q);
            for (long off : secondSession.getOrDefault(q, Set.of())) {
                assertTrue(off >= c, "committed message " + q + "@" + off + " came back (committed " + c + ")");
            }
            for (long off = 0; off < max.get(q); off++) {
                boolean seen = (off < c ? firstSession : secondSession).getOrDefault(q, Set.of()).contains(off);
                assertTrue(seen, "message " + q + "@" + off + " was never consumed (committed " + c + ")");
            }
        }
    }

    private static MessageListenerConcurrently recording(Map<Integer, Set<Long>> session, Runnable after) {
        return (messages, context) -> {
            for (StoredMessage m : messages) {
                if (m.getTopic().equals(TOPIC)) {
                    session.computeIfAbsent(m.getQueueId(), k -> ConcurrentHashMap.newKeySet()).add(m.getQueueOffset());
                }
            }
            after.run();
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    private static int count(Map<Integer, Set<Long>> byQueue) {
        return byQueue.values().stream().mapToInt(Set::size).sum();
    }
}

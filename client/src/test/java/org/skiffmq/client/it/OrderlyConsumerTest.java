package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeOrderlyStatus;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;

/** The orderly listener: one queue at a time, in queue order, under the broker's lock. */
class OrderlyConsumerTest {
    @TempDir
    Path dir;
    private SkiffServer server;
    private Producer producer;
    private PushConsumer consumer;

    @AfterEach
    void stop() {
        TestServers.close(consumer, producer, server);
    }

    @Test
    void eachKeysMessagesArriveInSendOrder() throws Exception {
        server = TestServers.standalone(dir, "broker-a");
        producer = Producer.builder("PG_ORDERLY").nameServer(server.nameServerAddress()).build();
        producer.start();
        int keys = 8;
        int perKey = 50;
        for (int step = 0; step < perKey; step++) {
            for (int key = 0; key < keys; key++) {
                Message m = new Message("Orderly", "TagA", "order-" + key,
                        (key + ":" + step).getBytes(StandardCharsets.UTF_8));
                producer.send(m, (queues, message, arg) -> queues.get((Integer) arg % queues.size()), key);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        consumer = Consumers.builder(server.nameServerAddress(), "CG_ORDERLY", "Orderly", "*")
                .orderlyListener((messages, context) -> {
                    for (StoredMessage m : messages) {
                        String[] parts = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                        seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
                    }
                    return ConsumeOrderlyStatus.SUCCESS;
                }).build();
        consumer.start();
        assertTrue(Consumers.await(60, () -> total(seen) >= keys * perKey), "received " + total(seen));
        Thread.sleep(300);
        assertEquals(keys * perKey, total(seen), "some messages arrived twice");
        for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
            List<Integer> steps = e.getValue();
            for (int i = 1; i < steps.size(); i++) {
                assertTrue(steps.get(i) > steps.get(i - 1), "key " + e.getKey() + " out of order: " + steps);
            }
        }
    }

    private static int total(Map<String, List<Integer>> seen) {
        return seen.values().stream().mapToInt(List::size).sum();
    }
}

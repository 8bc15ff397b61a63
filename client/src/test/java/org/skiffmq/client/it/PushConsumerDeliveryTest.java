package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;

/** SkiffMQ's push consumer receiving what SkiffMQ's producer sent: everything, once, filtered, on time. */
class PushConsumerDeliveryTest {
    @TempDir
    Path dir;
    private SkiffServer server;
    private Producer producer;
    private PushConsumer consumer;

    @AfterEach
    void stop() {
        TestServers.close(consumer, producer, server);
    }

    private void startBroker(String extraYaml) throws Exception {
        server = TestServers.standaloneWith(dir, "broker-a", extraYaml);
        producer = Producer.builder("PG_DELIVERY").nameServer(server.nameServerAddress()).build();
        producer.start();
    }

    @Test
    void clusteringConsumerFromTheFirstOffsetReceivesTenThousandMessagesEachExactlyOnce() throws Exception {
        startBroker("");
        List<String> ids = Sends.batches(producer, "TenK", 10_000, "TagA");
        Received received = new Received();
        consumer = Consumers.builder(server.nameServerAddress(), "CG_10K", "TenK", "*").listener(received).build();
        consumer.start();
        assertTrue(Consumers.await(60, () -> received.distinct() >= 10_000), "received " + received.distinct());
        Thread.sleep(500);
        assertEquals(new HashSet<>(ids), received.byId.keySet());
        assertEquals(0, received.duplicates(), "some messages arrived twice");
    }

    @Test
    void tagExpressionDeliversOnlyThoseTags() throws Exception {
        startBroker("");
        Sends.batches(producer, "Tagged", 300, "TagA", "TagB", "TagC");
        Received received = new Received();
        consumer = Consumers.builder(server.nameServerAddress(), "CG_TAGS", "Tagged", "TagA || TagB")
                .listener(received).build();
        consumer.start();
        assertTrue(Consumers.await(60, () -> received.distinct() >= 200), "received " + received.distinct());
        Thread.sleep(500);
        assertEquals(200, received.distinct());
        assertTrue(received.byId.values().stream().allMatch(m -> m.getTags().equals("TagA") || m.getTags().equals("TagB")));
    }

    @Test
    void delayLevelOneArrivesNoSoonerThanOneSecondAfterSending() throws Exception {
        startBroker("");
        producer.send(new Message("Delayed", "TagA", "warm", "warm".getBytes(StandardCharsets.UTF_8)));
        Received received = new Received();
        consumer = Consumers.builder(server.nameServerAddress(), "CG_DELAY", "Delayed", "*").listener(received).build();
        consumer.start();
        assertTrue(Consumers.await(30, () -> received.distinct() >= 1));
        Message delayed = new Message("Delayed", "TagA", "late", "later".getBytes(StandardCharsets.UTF_8));
        delayed.setDelayLevel(1);
        long sentAt = System.currentTimeMillis();
        producer.send(delayed);
        String id = delayed.getUniqKey();
        assertTrue(Consumers.await(30, () -> received.byId.containsKey(id)), "the delayed message never came");
        long waited = received.arrivedAt.get(id) - sentAt;
        assertTrue(waited >= 1000, "arrived after " + waited + " ms, before its 1 s delay");
        StoredMessage m = received.byId.get(id);
        assertEquals("Delayed", m.getTopic());
        assertEquals("later", new String(m.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void heldPullIsAnsweredByTheArrivalNotByTheBrokersFallbackRecheck() throws Exception {
        startBroker("consume:\n  longPollFallbackMillis: 10000\n");
        producer.send(new Message("LongPoll", "TagA", "warm", "warm".getBytes(StandardCharsets.UTF_8)));
        Received received = new Received();
        consumer = Consumers.builder(server.nameServerAddress(), "CG_LONGPOLL", "LongPoll", "*")
                .listener(received).build();
        consumer.start();
        assertTrue(Consumers.await(30, () -> received.distinct() >= 1));
        // Let every queue's pull reach the broker and be held there.
        Thread.sleep(3000);
        for (int i = 0; i < 3; i++) {
            Message m = new Message("LongPoll", "TagA", "k" + i, ("now " + i).getBytes(StandardCharsets.UTF_8));
            long sentAt = System.currentTimeMillis();
            producer.send(m);
            String id = m.getUniqKey();
            assertTrue(Consumers.await(10, () -> received.byId.containsKey(id)));
            long latency = received.arrivedAt.get(id) - sentAt;
            assertTrue(latency < 2000, "took " + latency + " ms: the held pull waited for the 10 s re-check");
        }
    }
}

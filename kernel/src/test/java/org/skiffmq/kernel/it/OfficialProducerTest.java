package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.SkiffServer;

/** The official RocketMQ 5.x producer, unchanged, against an in-process SkiffMQ broker. */
class OfficialProducerTest {
    private static final String TEXT = "消息 ünïcødé ✓ 🚀 #";

    @TempDir
    Path dir;

    @Test
    void thousandSyncSendsAreStoredAndSurviveARestartByteExact() throws Exception {
        String topic = "SyncTopic";
        List<Message> sent = new ArrayList<>();
        List<SendResult> results = new ArrayList<>();
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_SYNC");
            try {
                for (int i = 0; i < 1000; i++) {
                    Message m = new Message(topic, "Tag" + (i % 3), "key-" + i + " k" + i,
                            (TEXT + i).getBytes(StandardCharsets.UTF_8));
                    m.putUserProperty("seq", Integer.toString(i));
                    m.putUserProperty("note", "値-" + i);
                    SendResult r = producer.send(m);
                    assertEquals(SendStatus.SEND_OK, r.getSendStatus(), "send " + i);
                    sent.add(m);
                    results.add(r);
                }
            } finally {
                producer.shutdown();
            }
        }
        assertQueueOffsetsGoUpByOne(results);

        try (SkiffServer restarted = TestBroker.start(dir)) {
            Map<String, StoredMessage> stored = readAll(restarted.broker().store(), topic);
            assertEquals(1000, stored.size());
            for (int i = 0; i < sent.size(); i++) {
                SendResult r = results.get(i);
                StoredMessage s = stored.get(r.getMsgId());
                assertNotNull(s, "message " + i + " (" + r.getMsgId() + ") is missing after restart");
                assertArrayEquals(sent.get(i).getBody(), s.getBody(), "body of " + i);
                assertEquals(sent.get(i).getKeys(), s.getKeys());
                assertEquals(sent.get(i).getTags(), s.getTags());
                assertEquals("値-" + i, s.getProperty("note"));
                assertEquals(Integer.toString(i), s.getProperty("seq"));
                assertEquals(r.getQueueOffset(), s.getQueueOffset());
                assertEquals(r.getMessageQueue().getQueueId(), s.getQueueId());
                assertEquals(r.getOffsetMsgId(), s.getOffsetMsgId());
            }
        }
    }

    @Test
    void batchOfFiftyTakesConsecutiveOffsetsInOneQueue() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_BATCH");
            try {
                List<Message> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add(new Message("BatchTopic", "TagB", "b-" + i, ("batch " + TEXT + i).getBytes(StandardCharsets.UTF_8)));
                }
                SendResult r = producer.send(batch);
                assertEquals(SendStatus.SEND_OK, r.getSendStatus());
                assertEquals(50, r.getOffsetMsgId().split(",").length);
                MessageStore store = server.broker().store();
                int queue = r.getMessageQueue().getQueueId();
                GetResult got = store.getMessages("BatchTopic", queue, r.getQueueOffset(), 64, Integer.MAX_VALUE,
                        MessageFilter.ALL);
                assertEquals(GetStatus.FOUND, got.status());
                assertEquals(50, got.messages().size());
                for (int i = 0; i < 50; i++) {
                    StoredMessage s = StoredMessageCodec.decode(got.messages().get(i).duplicate());
                    assertEquals("b-" + i, s.getKeys());
                    assertEquals(r.getQueueOffset() + i, s.getQueueOffset());
                    assertEquals("batch " + TEXT + i, new String(s.getBody(), StandardCharsets.UTF_8));
                }
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void queueSelectorKeepsEachKeysMessagesInOrderInOneQueue() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_ORDER");
            try {
                Map<Integer, List<Long>> offsetsByOrder = new HashMap<>();
                for (int i = 0; i < 60; i++) {
                    int orderId = i % 6;
                    SendResult r = producer.send(new Message("OrderTopic", "TagA", "order-" + orderId,
                            ("step " + i).getBytes()), (queues, msg, arg) -> queues.get((Integer) arg % queues.size()),
                            orderId);
                    assertEquals(SendStatus.SEND_OK, r.getSendStatus());
                    assertEquals(orderId % 4, r.getMessageQueue().getQueueId(), "order " + orderId + " changed queue");
                    offsetsByOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(r.getQueueOffset());
                }
                offsetsByOrder.forEach((order, offsets) -> {
                    for (int k = 1; k < offsets.size(); k++) {
                        assertTrue(offsets.get(k) > offsets.get(k - 1), "order " + order + " offsets " + offsets);
                    }
                });
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void asyncAndOnewaySendsAreStored() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_ASYNC");
            try {
                // Make the topic known first so one-way sends (never retried) have a route.
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("AsyncTopic", "warm".getBytes())).getSendStatus());
                int count = 200;
                CountDownLatch done = new CountDownLatch(count);
                ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
                for (int i = 0; i < count; i++) {
                    producer.send(new Message("AsyncTopic", "TagA", "a-" + i, ("async " + i).getBytes()),
                            new SendCallback() {
                                @Override
                                public void onSuccess(SendResult result) {
                                    outcomes.add(result.getSendStatus());
                                    done.countDown();
                                }

                                @Override
                                public void onException(Throwable e) {
                                    outcomes.add(e);
                                    done.countDown();
                                }
                            });
                }
                assertTrue(done.await(30, TimeUnit.SECONDS), "async callbacks did not all arrive");
                assertTrue(outcomes.stream().allMatch(o -> o == SendStatus.SEND_OK), outcomes.toString());
                for (int i = 0; i < 100; i++) {
                    producer.sendOneway(new Message("AsyncTopic", "TagO", "o-" + i, ("oneway " + i).getBytes()));
                }
                // One-way sends get no answer: wait until the store holds them all.
                MessageStore store = server.broker().store();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                int total;
                do {
                    total = readAll(store, "AsyncTopic").size();
                } while (total < 301 && System.nanoTime() < deadline && pause());
                assertEquals(301, total);
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void bodyOverFourMebibytesIsRefusedAndNothingIsStored() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_BIG");
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("BigTopic", "small".getBytes())).getSendStatus());
                MessageStore store = server.broker().store();
                long before = store.maxPhysicalOffset();
                byte[] big = new byte[4 * 1024 * 1024 + 1];
                // The client's own check refuses it first.
                MQClientException clientSide = assertThrows(MQClientException.class,
                        () -> producer.send(new Message("BigTopic", big)));
                assertEquals(ResponseCode.MESSAGE_ILLEGAL, clientSide.getResponseCode());
                // With the client's limit raised, the broker refuses it with MESSAGE_ILLEGAL and a remark.
                producer.setMaxMessageSize(8 * 1024 * 1024);
                producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
                MQBrokerException brokerSide = assertThrows(MQBrokerException.class,
                        () -> producer.send(new Message("BigTopic", big)));
                assertEquals(ResponseCode.MESSAGE_ILLEGAL, brokerSide.getResponseCode());
                assertTrue(brokerSide.getErrorMessage().contains("4194304"), brokerSide.getErrorMessage());
                assertEquals(before, store.maxPhysicalOffset(), "a refused message must not be stored");
            } finally {
                producer.shutdown();
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assertQueueOffsetsGoUpByOne(List<SendResult> results) {
        Map<Integer, Long> last = new HashMap<>();
        for (SendResult r : results) {
            int queue = r.getMessageQueue().getQueueId();
            Long previous = last.put(queue, r.getQueueOffset());
            assertEquals(previous == null ? 0 : previous + 1, r.getQueueOffset(), "queue " + queue + " offsets");
        }
    }

    /** Every message of a topic, read back through the store SPI, by UNIQ_KEY. */
    static Map<String, StoredMessage> readAll(MessageStore store, String topic) {
        Map<String, StoredMessage> all = new HashMap<>();
        for (int queue = 0; queue < 16; queue++) {
            long offset = store.minQueueOffset(topic, queue);
            long max = store.maxQueueOffset(topic, queue);
            while (offset < max) {
                GetResult got = store.getMessages(topic, queue, offset, 32, 1 << 20, MessageFilter.ALL);
                assertEquals(GetStatus.FOUND, got.status(), "reading " + topic + "/" + queue + "@" + offset);
                for (ByteBuffer record : got.messages()) {
                    StoredMessage m = StoredMessageCodec.decode(record.duplicate());
                    all.put(m.getProperty(MessageProperties.UNIQ_KEY), m);
                }
                offset = got.nextBeginOffset();
            }
        }
        return all;
    }
}

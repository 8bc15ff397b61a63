package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.InvalidMessageException;
import org.skiffmq.client.producer.MessageQueueSelector;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendCallback;
import org.skiffmq.client.producer.SendResult;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.kernel.SkiffServer;

/** The producer against one in-process SkiffMQ broker: every kind of send, checked in the broker's store. */
class ProducerSendTest {
    @TempDir
    Path dir;
    private SkiffServer server;
    private Producer producer;
    private final RecordingHook hook = new RecordingHook();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.standalone(dir, "broker-a");
        producer = Producer.builder("PG_SEND").nameServer(server.nameServerAddress()).hook(hook).build();
        producer.start();
    }

    @AfterEach
    void stop() {
        TestServers.close(producer, server);
    }

    @Test
    void syncSendIsStoredWithItsIdTagsKeysAndProperties() throws Exception {
        Message message = new Message("SyncTopic", "TagA", "order-1 order-2", "héllo ✓".getBytes(StandardCharsets.UTF_8));
        message.putProperty("region", "eu-west");
        SendResult result = producer.send(message);

        assertEquals(SendStatus.SEND_OK, result.sendStatus());
        assertEquals(message.getUniqKey(), result.msgId());
        assertEquals("broker-a", result.messageQueue().brokerName());
        assertEquals(1, result.attemptCount());
        List<StoredMessage> stored = StoreContents.queue(server.broker().store(), "SyncTopic",
                result.messageQueue().queueId());
        assertEquals(1, stored.size());
        StoredMessage s = stored.get(0);
        assertEquals(result.msgId(), s.getUniqKey());
        assertEquals(result.offsetMsgId(), s.getOffsetMsgId());
        assertEquals(result.queueOffset(), s.getQueueOffset());
        assertEquals("TagA", s.getTags());
        assertEquals("order-1 order-2", s.getKeys());
        assertEquals("eu-west", s.getProperty("region"));
        assertArrayEquals(message.getBody(), s.getBody());
    }

    @Test
    void firstSendToAnUnknownTopicCreatesItWithFourQueuesThroughTheTemplateRoute() throws Exception {
        SendResult result = producer.send(new Message("BrandNewTopic", "x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SendStatus.SEND_OK, result.sendStatus());
        assertTrue(result.messageQueue().queueId() < 4, result.toString());
        assertEquals(4, server.broker().topics().get("BrandNewTopic").writeQueueNums());
    }

    @Test
    void syncSendsFillEveryQueueWithConsecutiveOffsets() throws Exception {
        Map<Integer, List<Long>> offsets = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            SendResult r = producer.send(new Message("SpreadTopic", ("m" + i).getBytes(StandardCharsets.UTF_8)));
            offsets.computeIfAbsent(r.messageQueue().queueId(), q -> new ArrayList<>()).add(r.queueOffset());
        }
        assertEquals(4, offsets.size(), offsets.toString());
        for (List<Long> queue : offsets.values()) {
            for (int i = 0; i < queue.size(); i++) {
                assertEquals(i, queue.get(i));
            }
        }
    }

    @Test
    void asyncSendsReportEachOutcomeToTheirCallbackAndAreStored() throws Exception {
        int count = 200;
        CountDownLatch done = new CountDownLatch(count);
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < count; i++) {
            producer.send(new Message("AsyncTopic", ("async " + i).getBytes(StandardCharsets.UTF_8)), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    outcomes.add(result.sendStatus());
                    done.countDown();
                }

                @Override
                public void onException(Throwable error) {
                    outcomes.add(error);
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "not every callback was called");
        assertTrue(outcomes.stream().allMatch(o -> o == SendStatus.SEND_OK), outcomes.toString());
        assertEquals(count, StoreContents.topic(server.broker().store(), "AsyncTopic").size());
    }

    @Test
    void sendAsyncFutureCompletesWithTheResult() throws Exception {
        Message message = new Message("FutureTopic", "f".getBytes(StandardCharsets.UTF_8));
        CompletableFuture<SendResult> future = producer.sendAsync(message, Duration.ofSeconds(5));
        SendResult result = future.get(10, TimeUnit.SECONDS);
        assertEquals(SendStatus.SEND_OK, result.sendStatus());
        assertEquals(message.getUniqKey(), result.msgId());
    }

    @Test
    void onewaySendsAreStored() throws Exception {
        producer.send(new Message("OnewayTopic", "warm-up".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 100; i++) {
            producer.sendOneway(new Message("OnewayTopic", ("oneway " + i).getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(Waits.until(() -> StoreContents.topic(server.broker().store(), "OnewayTopic").size() == 101,
                20_000), "one-way messages did not all arrive");
        assertEquals(101, hook.after.stream().filter(RecordingHook.Seen::succeeded).count());
    }

    @Test
    void batchTakesConsecutiveOffsetsInOneQueueAndEachMessageKeepsItsOwnId() throws Exception {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(new Message("BatchTopic", "TagB", "b-" + i, ("batch " + i).getBytes(StandardCharsets.UTF_8)));
        }
        SendResult result = producer.send(batch);

        assertEquals(SendStatus.SEND_OK, result.sendStatus());
        List<String> ids = List.of(result.msgId().split(","));
        assertEquals(50, ids.size());
        assertEquals(50, new HashSet<>(ids).size(), "every message of the batch has its own id");
        assertEquals(50, result.offsetMsgId().split(",").length);
        List<StoredMessage> stored = StoreContents.queue(server.broker().store(), "BatchTopic",
                result.messageQueue().queueId());
        assertEquals(50, stored.size());
        for (int i = 0; i < 50; i++) {
            StoredMessage s = stored.get(i);
            assertEquals(result.queueOffset() + i, s.getQueueOffset());
            assertEquals("b-" + i, s.getKeys());
            assertEquals(ids.get(i), s.getUniqKey());
            assertEquals("batch " + i, new String(s.getBody(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void selectorKeepsEachOrderInOneQueueInSendOrder() throws Exception {
        for (int step = 0; step < 5; step++) {
            for (int order = 0; order < 8; order++) {
                Message m = new Message("OrderTopic", "order-" + order, "order-" + order,
                        ("order-" + order + " step-" + step).getBytes(StandardCharsets.UTF_8));
                producer.send(m, MessageQueueSelector.byHash(), order);
            }
        }
        List<MessageQueue> queues = producer.publishQueues("OrderTopic");
        for (int order = 0; order < 8; order++) {
            int queueId = queues.get(order % queues.size()).queueId();
            String tag = "order-" + order;
            List<String> steps = StoreContents.queue(server.broker().store(), "OrderTopic", queueId).stream()
                    .filter(s -> tag.equals(s.getTags()))
                    .map(s -> new String(s.getBody(), StandardCharsets.UTF_8)).toList();
            assertEquals(List.of(tag + " step-0", tag + " step-1", tag + " step-2", tag + " step-3", tag + " step-4"),
                    steps);
        }
    }

    @Test
    void largeBodyIsStoredZlibCompressedAndInflatesToTheOriginal() throws Exception {
        byte[] body = "compress me please ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        SendResult result = producer.send(new Message("BigTopic", body));
        StoredMessage s = StoreContents.queue(server.broker().store(), "BigTopic", result.messageQueue().queueId())
                .get(0);
        assertEquals(MessageSysFlag.COMPRESSED, s.getSysFlag() & MessageSysFlag.COMPRESSED);
        assertEquals(0x300, s.getSysFlag() & MessageSysFlag.COMPRESSION_TYPE_MASK);
        assertTrue(s.getBody().length < body.length);
        Inflater inflater = new Inflater();
        inflater.setInput(s.getBody());
        byte[] inflated = new byte[body.length];
        assertEquals(body.length, inflater.inflate(inflated));
        inflater.end();
        assertArrayEquals(body, inflated);
    }

    @Test
    void emptyBodyIsRefusedBeforeAnythingIsSent() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> producer.send(new Message("EmptyTopic", new byte[0])));
        assertTrue(e.getMessage().contains("empty body"), e.getMessage());
        assertTrue(hook.before.isEmpty());
    }

    @Test
    void clientHooksSeeEachAttemptWithItsBrokerQueueAndOutcome() throws Exception {
        SendResult result = producer.send(new Message("HookTopic", "h".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("broker-a/" + result.messageQueue().queueId()), hook.before);
        RecordingHook.Seen seen = hook.after.get(0);
        assertTrue(seen.succeeded());
        assertEquals(server.brokerAddress(), seen.brokerAddress());
        assertEquals(result.offsetMsgId(), seen.msgId());
        assertEquals(result.queueOffset(), seen.queueOffset());
        assertEquals(result.msgId(), seen.uniqKey());
    }

    @Test
    void aSendAfterShutdownIsRefusedWithAClearError() {
        producer.shutdown();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> producer.send(new Message("T", new byte[] {1})));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
    }
}

package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.transport.netty.NettyTransportProvider;

/**
 * The consumer requests as RocketMQ defines them, with hand-built commands: pull results and
 * their codes, long polling, offsets, send-back and dead letters.
 */
class ConsumeProtocolTest {
    private static final String PROPS = "TAGS\u0001TagA\u0002";

    @TempDir
    Path dir;
    private SkiffServer server;
    private RemotingClient client;

    @BeforeEach
    void start() throws Exception {
        server = SkiffServer.start(TestBroker.config(dir, "async"), dir);
        client = new NettyTransportProvider().createClient(ClientConfig.defaults());
        client.start();
        RemotingCommand create = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .putExt("topic", "Q").putExt("defaultTopic", "TBW102").putExt("readQueueNums", "1")
                .putExt("writeQueueNums", "1").putExt("perm", "6").putExt("topicFilterType", "SINGLE_TAG")
                .putExt("topicSysFlag", "0").putExt("order", "false");
        assertEquals(ResponseCode.SUCCESS, call(create).getCode());
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(server.brokerAddress(), request, 30_000);
    }

    private List<String> send(int count, String tags) throws Exception {
        List<String> offsetIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RemotingCommand r = call(RemotingTestClient.sendV2("Q", 0, "TAGS\u0001" + tags + "\u0002",
                    ("m" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals(ResponseCode.SUCCESS, r.getCode(), r.getRemark());
            offsetIds.add(r.ext("msgId"));
        }
        return offsetIds;
    }

    private static RemotingCommand pull(long offset, int sysFlag, long suspendMillis, String subscription) {
        RemotingCommand pull = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "CG").putExt("topic", "Q").putExt("queueId", "0")
                .putExt("queueOffset", Long.toString(offset)).putExt("maxMsgNums", "32")
                .putExt("sysFlag", Integer.toString(sysFlag)).putExt("commitOffset", "0")
                .putExt("suspendTimeoutMillis", Long.toString(suspendMillis)).putExt("subVersion", "0")
                .putExt("expressionType", "TAG");
        if (subscription != null) {
            pull.putExt("subscription", subscription);
        }
        return pull;
    }

    private static List<StoredMessage> records(RemotingCommand response) {
        List<StoredMessage> out = new ArrayList<>();
        ByteBuffer body = ByteBuffer.wrap(response.getBody());
        while (body.hasRemaining()) {
            out.add(StoredMessageCodec.decode(body));
        }
        return out;
    }

    @Test
    void foundAnswerCarriesTheStoredRecordsAndTheQueueBounds() throws Exception {
        send(3, "TagA");
        RemotingCommand r = call(pull(0, 0, 0, null));
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        assertEquals("FOUND", r.getRemark());
        assertEquals("3", r.ext("nextBeginOffset"));
        assertEquals("0", r.ext("minOffset"));
        assertEquals("3", r.ext("maxOffset"));
        assertEquals("0", r.ext("suggestWhichBrokerId"));
        List<StoredMessage> got = records(r);
        assertEquals(List.of("m0", "m1", "m2"), got.stream().map(m -> new String(m.getBody())).toList());
        StoredMessage first = server.broker().store().readMessage(got.get(0).getPhysicalOffset());
        assertArrayEquals(first.getBody(), got.get(0).getBody());
    }

    @Test
    void offsetAtTheEndIsNotFoundAndBeyondItIsMoved() throws Exception {
        send(2, "TagA");
        RemotingCommand atEnd = call(pull(2, 0, 0, null));
        assertEquals(ResponseCode.PULL_NOT_FOUND, atEnd.getCode());
        assertEquals("2", atEnd.ext("nextBeginOffset"));
        RemotingCommand beyond = call(pull(9, 0, 0, null));
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, beyond.getCode());
        assertEquals("2", beyond.ext("nextBeginOffset"));
    }

    @Test
    void tagsThatDoNotMatchAreSkippedWithRetryImmediately() throws Exception {
        send(3, "TagB");
        RemotingCommand r = call(pull(0, 0x4, 0, "TagA"));
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, r.getCode());
        assertEquals("3", r.ext("nextBeginOffset"));
        send(1, "TagA");
        RemotingCommand found = call(pull(3, 0x4, 0, "TagA || TagC"));
        assertEquals(ResponseCode.SUCCESS, found.getCode());
        assertEquals(1, records(found).size());
    }

    @Test
    void unknownTopicAndQueueOutOfRangeAreRefused() throws Exception {
        RemotingCommand unknown = pull(0, 0, 0, null);
        unknown.putExt("topic", "Nope");
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, call(unknown).getCode());
        RemotingCommand badQueue = pull(0, 0, 0, null);
        badQueue.putExt("queueId", "5");
        RemotingCommand r = call(badQueue);
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("Queue id 5"), r.getRemark());
    }

    @Test
    void pullWithCommitFlagStoresTheConsumersOffset() throws Exception {
        send(5, "TagA");
        RemotingCommand p = pull(4, 0x1, 0, null);
        p.putExt("commitOffset", "4");
        call(p);
        RemotingCommand q = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", "CG").putExt("topic", "Q").putExt("queueId", "0");
        RemotingCommand r = call(q);
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        assertEquals("4", r.ext("offset"));
    }

    @Test
    void heldPullIsAnsweredNotFoundWhenItsSuspendTimeRunsOut() throws Exception {
        send(1, "TagA");
        long start = System.nanoTime();
        RemotingCommand r = call(pull(1, 0x2, 600, null));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ResponseCode.PULL_NOT_FOUND, r.getCode());
        assertTrue(waited >= 500, "answered after " + waited + " ms, before its suspend time");
    }

    @Test
    void heldPullIsAnsweredWithTheMessageThatArrives() throws Exception {
        send(1, "TagA");
        CompletableFuture<RemotingCommand> held = client.invokeAsync(server.brokerAddress(), pull(1, 0x2, 20_000, null),
                30_000);
        Thread.sleep(300);
        assertTrue(!held.isDone(), "the pull should wait for a message");
        send(1, "TagA");
        RemotingCommand r = held.get(10, TimeUnit.SECONDS);
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        assertEquals("m0", new String(records(r).get(0).getBody()));
    }

    @Test
    void queryOffsetOfANewGroupFollowsRocketMq() throws Exception {
        RemotingCommand q = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", "NEW").putExt("topic", "Q").putExt("queueId", "0");
        assertEquals(ResponseCode.QUERY_NOT_FOUND, call(q).getCode(), "an empty queue has no offset to give");
        send(1, "TagA");
        RemotingCommand r = call(q);
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        assertEquals("0", r.ext("offset"), "a queue that still holds its first message starts a new group at 0");
        q.putExt("setZeroIfNotFound", "false");
        assertEquals(ResponseCode.QUERY_NOT_FOUND, call(q).getCode());
    }

    @Test
    void maxMinAndSearchByTimestamp() throws Exception {
        long before = System.currentTimeMillis() - 60_000;
        send(4, "TagA");
        RemotingCommand max = call(RemotingCommand.request(RequestCode.GET_MAX_OFFSET).putExt("topic", "Q")
                .putExt("queueId", "0").putExt("committed", "true"));
        assertEquals("4", max.ext("offset"));
        RemotingCommand min = call(RemotingCommand.request(RequestCode.GET_MIN_OFFSET).putExt("topic", "Q")
                .putExt("queueId", "0"));
        assertEquals("0", min.ext("offset"));
        RemotingCommand search = call(RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
                .putExt("topic", "Q").putExt("queueId", "0").putExt("timestamp", Long.toString(before))
                .putExt("boundaryType", "lower"));
        assertEquals("0", search.ext("offset"));
        RemotingCommand future = call(RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
                .putExt("topic", "Q").putExt("queueId", "0")
                .putExt("timestamp", Long.toString(System.currentTimeMillis() + 60_000)));
        assertEquals("4", future.ext("offset"));
    }

    @Test
    void heartbeatWithoutAGroupNameIsRefusedAndCreatesNothing() throws Exception {
        RemotingCommand hb = RemotingCommand.request(RequestCode.HEART_BEAT);
        hb.setBody("{\"clientID\":\"c1\",\"consumerDataSet\":[{\"consumeType\":\"CONSUME_PASSIVELY\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        RemotingCommand r = call(hb);
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("no groupName"), r.getRemark());
        assertEquals(null, server.broker().topics().get("%RETRY%null"));
        RemotingCommand notJson = RemotingCommand.request(RequestCode.HEART_BEAT);
        notJson.setBody("not json".getBytes(StandardCharsets.UTF_8));
        RemotingCommand r2 = call(notJson);
        assertEquals(ResponseCode.SYSTEM_ERROR, r2.getCode());
        assertTrue(r2.getRemark().contains("HeartbeatData"), r2.getRemark());
    }

    @Test
    void lockBodyWithoutAGroupIsRefusedWithARemark() throws Exception {
        RemotingCommand lock = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ);
        lock.setBody("{\"clientId\":\"c1\",\"mqSet\":[]}".getBytes(StandardCharsets.UTF_8));
        RemotingCommand r = call(lock);
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("no consumerGroup"), r.getRemark());
    }

    @Test
    void consumerListOfAnUnknownGroupIsAnError() throws Exception {
        RemotingCommand r = call(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .putExt("consumerGroup", "NOBODY"));
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("NOBODY"), r.getRemark());
    }

    @Test
    void sendBackBeyondTheMaximumGoesToTheDeadLetterTopic() throws Exception {
        List<String> ids = send(1, "TagA");
        long offset = org.skiffmq.api.message.MessageIds.decode(ids.get(0)).physicalOffset();
        RemotingCommand back = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", Long.toString(offset)).putExt("group", "CG").putExt("delayLevel", "0")
                .putExt("originTopic", "Q").putExt("maxReconsumeTimes", "0");
        assertEquals(ResponseCode.SUCCESS, call(back).getCode());
        var store = server.broker().store();
        assertEquals(1, store.maxQueueOffset("%DLQ%CG", 0));
        StoredMessage dead = StoredMessageCodec.decode(
                store.getMessages("%DLQ%CG", 0, 0, 1, 1 << 20, t -> true).messages().get(0).duplicate());
        assertEquals("m0", new String(dead.getBody()));
        assertEquals("Q", dead.getProperty("RETRY_TOPIC"));
        assertEquals(1, dead.getReconsumeTimes());
    }

    @Test
    void sendBackWaitsInTheScheduleTopicBeforeTheRetryTopic() throws Exception {
        List<String> ids = send(1, "TagA");
        long offset = org.skiffmq.api.message.MessageIds.decode(ids.get(0)).physicalOffset();
        RemotingCommand back = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", Long.toString(offset)).putExt("group", "CG").putExt("delayLevel", "1")
                .putExt("originTopic", "Q").putExt("maxReconsumeTimes", "16");
        assertEquals(ResponseCode.SUCCESS, call(back).getCode());
        var store = server.broker().store();
        assertEquals(1, store.maxQueueOffset("SCHEDULE_TOPIC_XXXX", 0));
        assertTrue(Received.await(10, () -> store.maxQueueOffset("%RETRY%CG", 0) == 1),
                "the retry never became due");
    }
}

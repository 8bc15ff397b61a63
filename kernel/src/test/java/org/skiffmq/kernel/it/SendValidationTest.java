package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;

/**
 * The broker's own checks, reached with hand-built SEND_MESSAGE_V2 requests (the official client
 * would refuse most of these before sending). Each refusal has RocketMQ's code, a remark naming
 * the problem, and stores nothing.
 */
class SendValidationTest {
    private static final String PROPS = "TAGS\u0001TagA\u0002UNIQ_KEY\u0001AB00000000000000000000000000000001\u0002";

    @TempDir
    Path dir;
    private SkiffServer server;
    private RemotingTestClient client;

    @BeforeEach
    void start() throws Exception {
        server = SkiffServer.start(TestBroker.config(dir, "async").autoCreateTopic(false), dir);
        client = new RemotingTestClient(server.brokerAddress());
        RemotingCommand create = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .putExt("topic", "Known").putExt("defaultTopic", "TBW102").putExt("readQueueNums", "2")
                .putExt("writeQueueNums", "2").putExt("perm", "6").putExt("topicFilterType", "SINGLE_TAG")
                .putExt("topicSysFlag", "0").putExt("order", "false");
        assertEquals(ResponseCode.SUCCESS, client.call(create).getCode());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private RemotingCommand send(String topic, int queueId, String properties, byte[] body) throws Exception {
        long before = server.broker().store().maxPhysicalOffset();
        RemotingCommand response = client.call(RemotingTestClient.sendV2(topic, queueId, properties, body));
        if (response.getCode() != ResponseCode.SUCCESS) {
            assertEquals(before, server.broker().store().maxPhysicalOffset(), "a refused send stored something");
            assertNotNull(response.getExtFields(), "even refusals carry ext fields");
        }
        return response;
    }

    @Test
    void validSendAnswersMsgIdQueueAndOffset() throws Exception {
        RemotingCommand r = send("Known", 1, PROPS, "hello".getBytes());
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        assertEquals("1", r.ext("queueId"));
        assertEquals("0", r.ext("queueOffset"));
        assertEquals(32, r.ext("msgId").length());
        assertEquals("AB00000000000000000000000000000001", r.ext("transactionId"));
        assertEquals("DefaultRegion", r.ext("MSG_REGION"));
        assertEquals("true", r.ext("TRACE_ON"));
    }

    @Test
    void sendMessageWithLongHeaderNamesIsStoredLikeV2() throws Exception {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .putExt("producerGroup", "PG_V1").putExt("topic", "Known").putExt("defaultTopic", "TBW102")
                .putExt("defaultTopicQueueNums", "4").putExt("queueId", "0").putExt("sysFlag", "0")
                .putExt("bornTimestamp", "1700000000000").putExt("flag", "7").putExt("properties", PROPS)
                .putExt("reconsumeTimes", "0").putExt("unitMode", "false");
        request.setBody("v1".getBytes());
        RemotingCommand r = client.call(request);
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        org.skiffmq.api.message.StoredMessage stored = server.broker().store()
                .readMessage(org.skiffmq.api.message.MessageIds.decode(r.ext("msgId")).physicalOffset());
        assertEquals("v1", new String(stored.getBody()));
        assertEquals(7, stored.getFlag());
        assertEquals(1700000000000L, stored.getBornTimestamp());
        assertEquals("TagA", stored.getTags());
    }

    @Test
    void topicWithIllegalCharactersIsRefusedNamingTheCharacter() throws Exception {
        RemotingCommand r = send("bad topic!", 0, PROPS, "x".getBytes());
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("illegal character ' '"), r.getRemark());
    }

    @Test
    void topicLongerThan127CharactersIsRefused() throws Exception {
        RemotingCommand r = send("T".repeat(128), 0, PROPS, "x".getBytes());
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("128 characters") && r.getRemark().contains("127"), r.getRemark());
    }

    @Test
    void unknownTopicWithAutoCreationOffIsTopicNotExist() throws Exception {
        RemotingCommand r = send("Unknown", 0, PROPS, "x".getBytes());
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, r.getCode());
        assertTrue(r.getRemark().contains("Unknown") && r.getRemark().contains("create it first"), r.getRemark());
    }

    @Test
    void queueIdOutOfRangeIsRefusedNamingTheRange() throws Exception {
        RemotingCommand r = send("Known", 2, PROPS, "x".getBytes());
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertTrue(r.getRemark().contains("Queue id 2") && r.getRemark().contains("0..1"), r.getRemark());
    }

    @Test
    void negativeQueueIdMeansAnyQueue() throws Exception {
        RemotingCommand r = send("Known", -1, PROPS, "x".getBytes());
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        int queue = Integer.parseInt(r.ext("queueId"));
        assertTrue(queue == 0 || queue == 1, "queue " + queue);
    }

    @Test
    void bodyOverTheLimitIsMessageIllegal() throws Exception {
        RemotingCommand r = send("Known", 0, PROPS, new byte[4 * 1024 * 1024 + 1]);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, r.getCode());
        assertTrue(r.getRemark().contains("4194305") && r.getRemark().contains("4194304"), r.getRemark());
    }

    @Test
    void propertiesOverTheLimitAreMessageIllegal() throws Exception {
        String huge = PROPS + "big\u0001" + "v".repeat(40_000) + "\u0002";
        RemotingCommand r = send("Known", 0, huge, "x".getBytes());
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, r.getCode());
        assertTrue(r.getRemark().contains("32767"), r.getRemark());
    }

    @Test
    void systemTopicIsNoPermission() throws Exception {
        RemotingCommand r = send("SCHEDULE_TOPIC_XXXX", 0, PROPS, "x".getBytes());
        assertEquals(ResponseCode.NO_PERMISSION, r.getCode());
    }

    @Test
    void missingHeaderFieldIsNamed() throws Exception {
        RemotingCommand request = RemotingTestClient.sendV2("Known", 0, PROPS, "x".getBytes());
        request.getExtFields().remove("b");
        RemotingCommand r = send("Known", 0, PROPS, "x".getBytes());
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        RemotingCommand refused = client.call(request);
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.getCode());
        assertTrue(refused.getRemark().contains("'b'"), refused.getRemark());
    }

    @Test
    void malformedBatchBodyIsMessageIllegal() throws Exception {
        RemotingCommand request = RemotingTestClient.sendV2("Known", 0, PROPS, new byte[] {0, 0, 0, 99, 1, 2, 3});
        request.setCode(RequestCode.SEND_BATCH_MESSAGE);
        request.putExt("m", "true");
        RemotingCommand r = client.call(request);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, r.getCode());
        assertTrue(r.getRemark().contains("batch"), r.getRemark());
    }

    @Test
    void unknownRequestCodeIsNotSupported() throws Exception {
        RemotingCommand r = client.call(RemotingCommand.request(9999));
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, r.getCode());
        assertTrue(r.getRemark().contains("9999"), r.getRemark());
    }

    @Test
    void topicCreatedAheadIsListedByGetAllTopicConfig() throws Exception {
        RemotingCommand r = client.call(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG));
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        String body = new String(r.getBody(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(body.contains("\"topicConfigTable\"") && body.contains("\"Known\"")
                && body.contains("\"dataVersion\""), body);
    }
}

package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.SerializeType;
import org.skiffmq.transport.netty.Vectors;

/** Every frame in the shared vectors, decoded and re-encoded through the pipeline handlers. */
class VectorFramesTest {
    private static final String PROPERTIES = "UNIQ_KEY\u00017F00000100002A9F0000000000000001\u0002WAIT\u0001true"
            + "\u0002TAGS\u0001TagA\u0002";

    static List<String> frames() {
        return Vectors.frameNames();
    }

    static List<String> jsonFrames() {
        return frames().stream().filter(name -> Vectors.serializeType(Vectors.hex(name)) == 0).toList();
    }

    static List<String> binaryFrames() {
        return frames().stream().filter(name -> Vectors.serializeType(Vectors.hex(name)) == 1).toList();
    }

    @Test
    void vectorFolderHoldsSyntheticAndCapturedFrames() {
        assertTrue(frames().contains("send-v2-json.hex"));
        assertTrue(frames().contains("captured/notify-consumer-ids-changed.hex"));
        assertTrue(binaryFrames().size() >= 5, "binary frames: " + binaryFrames());
    }

    @ParameterizedTest
    @MethodSource("frames")
    void frameDecodesWithItsDeclaredLengths(String name) {
        byte[] frame = Vectors.hex(name);
        int length = ByteBuffer.wrap(frame).getInt(0);
        int headerLength = ByteBuffer.wrap(frame).getInt(4) & 0xFF_FFFF;
        assertEquals(frame.length - 4, length);

        RemotingCommand cmd = Frames.decode(frame);

        assertEquals(SerializeType.ofCode(Vectors.serializeType(frame)), cmd.getSerializeType());
        int bodyLength = frame.length - 8 - headerLength;
        assertEquals(bodyLength, cmd.getBody() == null ? 0 : cmd.getBody().length);
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            System.arraycopy(frame, 8 + headerLength, body, 0, bodyLength);
            assertArrayEquals(body, cmd.getBody());
        }
    }

    @ParameterizedTest
    @MethodSource("jsonFrames")
    void jsonFrameReencodesToTheSameBytes(String name) {
        byte[] frame = Vectors.hex(name);
        assertArrayEquals(frame, Frames.encode(Frames.decode(frame)),
                () -> new String(Frames.header(frame), UTF_8) + "\nre-encoded as\n"
                        + new String(Frames.header(Frames.encode(Frames.decode(frame))), UTF_8));
    }

    @ParameterizedTest
    @MethodSource("binaryFrames")
    void binaryFrameReencodesToTheSameBytes(String name) {
        byte[] frame = Vectors.hex(name);
        assertArrayEquals(frame, Frames.encode(Frames.decode(frame)));
    }

    @Test
    void sendV2JsonRequestHasTheReadmeFields() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("send-v2-json.hex"));

        assertEquals(310, cmd.getCode());
        assertEquals(1, cmd.getOpaque());
        assertEquals(0, cmd.getFlag());
        assertEquals(453, cmd.getVersion());
        assertEquals(LanguageCode.JAVA, cmd.getLanguage());
        assertNull(cmd.getRemark());
        assertEquals(sendV2Fields(), cmd.getExtFields());
        assertEquals(List.copyOf(sendV2Fields().keySet()), List.copyOf(cmd.getExtFields().keySet()));
        assertEquals("Hello RocketMQ", new String(cmd.getBody(), UTF_8));
        assertEquals(352, Frames.header(Vectors.hex("send-v2-json.hex")).length);
    }

    @Test
    void sendV2BinaryRequestCarriesTheSameFieldsInFastPathOrder() {
        byte[] frame = Vectors.hex("send-v2-rocketmq.hex");
        RemotingCommand cmd = Frames.decode(frame);

        assertEquals(SerializeType.ROCKETMQ, cmd.getSerializeType());
        assertEquals(310, cmd.getCode());
        assertEquals(1, cmd.getOpaque());
        assertEquals(0, cmd.getFlag());
        assertEquals(453, cmd.getVersion());
        assertEquals(List.copyOf(sendV2Fields().keySet()), List.copyOf(cmd.getExtFields().keySet()));
        assertEquals(sendV2Fields(), cmd.getExtFields());
        assertEquals("Hello RocketMQ", new String(cmd.getBody(), UTF_8));
        assertEquals(232, Frames.header(frame).length);
        assertEquals(211, ByteBuffer.wrap(frame).getInt(8 + 17)); // no remark: the map length follows at 17
    }

    @Test
    void sendResponseJsonHasTheReadmeFields() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("send-response-json.hex"));

        assertSendResponse(cmd);
        assertNull(cmd.getRemark());
        assertNull(cmd.getBody());
    }

    @Test
    void sendResponseBinaryKeepsFastPathFieldsFirst() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("send-response-rocketmq.hex"));

        assertSendResponse(cmd);
        assertEquals(List.of("msgId", "queueId", "queueOffset", "transactionId"),
                List.copyOf(cmd.getExtFields().keySet()).subList(0, 4));
    }

    @Test
    void getRouteRequestHasTheTopic() {
        for (String name : List.of("get-route-request-json.hex", "get-route-request-rocketmq.hex")) {
            RemotingCommand cmd = Frames.decode(Vectors.hex(name));
            assertEquals(105, cmd.getCode(), name);
            assertEquals(0, cmd.getOpaque(), name);
            assertEquals(0, cmd.getFlag(), name);
            assertEquals(Map.of("topic", "TopicTest"), cmd.getExtFields(), name);
        }
    }

    @Test
    void getRouteResponseBodyIsTheStandardRouteJson() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("get-route-response-json.hex"));

        assertEquals(0, cmd.getCode());
        assertEquals(1, cmd.getFlag());
        assertTrue(cmd.isResponse());
        assertNull(cmd.getExtFields());
        assertEquals(new String(Vectors.raw("route-body-standard.json"), UTF_8).strip(),
                new String(cmd.getBody(), UTF_8).strip());
    }

    @Test
    void routeNotFoundResponseCarriesItsRemarkInBothHeaderTypes() {
        for (String name : List.of("route-not-found-response-json.hex", "route-not-found-response-rocketmq.hex")) {
            RemotingCommand cmd = Frames.decode(Vectors.hex(name));
            assertEquals(17, cmd.getCode(), name);
            assertEquals(1, cmd.getFlag(), name);
            assertEquals("No topic route info in name server for the topic: TopicTest", cmd.getRemark(), name);
            assertNull(cmd.getExtFields(), name);
            assertNull(cmd.getBody(), name);
        }
    }

    @Test
    void aclSignedRequestsCarryAccessKeyAndSignature() {
        RemotingCommand route = Frames.decode(Vectors.hex("acl-get-route-json.hex"));
        assertEquals(7, route.getOpaque());
        assertEquals("RocketMQ", route.ext("AccessKey"));
        assertEquals("0jiwhsaYp5ObE5GObbZH1I8/FT4=", route.ext("Signature"));

        RemotingCommand send = Frames.decode(Vectors.hex("acl-send-v2-json.hex"));
        assertEquals(8, send.getOpaque());
        assertEquals("/ibxco4Hs1IoQhFl4Xjw0jOnIwo=", send.ext("Signature"));
        assertEquals(PROPERTIES, send.ext("i"));
    }

    @Test
    void capturedNotifyConsumerIdsChangedIsOneway() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("captured/notify-consumer-ids-changed.hex"));

        assertEquals(40, cmd.getCode());
        assertTrue(cmd.isOneway());
        assertFalse(cmd.isResponse());
        assertEquals("CG_DEMO", cmd.ext("consumerGroup"));
    }

    @Test
    void capturedEmptyRemarkStaysEmptyInJson() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("captured/get-min-offset-response.hex"));

        assertEquals("", cmd.getRemark());
        assertEquals("0", cmd.ext("offset"));
    }

    @Test
    void capturedRemarkWithEscapedNewlineDecodes() {
        RemotingCommand cmd = Frames.decode(Vectors.hex("captured/get-route-response-topic-not-exist.hex"));

        assertEquals(17, cmd.getCode());
        assertTrue(cmd.getRemark().contains("TopicDemo\nSee https://rocketmq.apache.org/"), cmd.getRemark());
    }

    @Test
    void capturedBinaryRequestDecodesLikeItsJsonTwin() {
        RemotingCommand binary = Frames.decode(
                Vectors.hex("captured/send-v2-request-client-5.2.0-rocketmq-binary.hex"));

        assertEquals(SerializeType.ROCKETMQ, binary.getSerializeType());
        assertEquals(310, binary.getCode());
        assertEquals("broker-a", binary.ext("n"));
        assertEquals("TBW102", binary.ext("c"));
    }

    private static void assertSendResponse(RemotingCommand cmd) {
        assertEquals(0, cmd.getCode());
        assertEquals(1, cmd.getFlag());
        assertEquals(1, cmd.getOpaque());
        assertEquals(Map.of("msgId", "7F00000100002A9F0000000000000000", "queueId", "1", "queueOffset", "0",
                "transactionId", "7F00000100002A9F0000000000000001", "MSG_REGION", "DefaultRegion",
                "TRACE_ON", "true"), cmd.getExtFields());
    }

    private static Map<String, String> sendV2Fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("a", "PG_TEST");
        fields.put("b", "TopicTest");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "1");
        fields.put("f", "0");
        fields.put("g", "1700000000000");
        fields.put("h", "0");
        fields.put("i", PROPERTIES);
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        return fields;
    }
}

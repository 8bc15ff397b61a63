package org.skiffmq.client.internal.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.client.Vectors;

class SendRequestsTest {

    @Test
    void headerFieldsAreThoseOfTheSendV2Vector() throws Exception {
        byte[] frame = Vectors.hex("send-v2-json.hex");
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int length = buffer.getInt();
        int headerLength = buffer.getInt() & 0xFFFFFF;
        JsonNode header = new ObjectMapper().readTree(Arrays.copyOfRange(frame, 8, 8 + headerLength));
        Map<String, String> expected = new HashMap<>();
        header.get("extFields").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
        byte[] expectedBody = Arrays.copyOfRange(frame, 8 + headerLength, 4 + length);

        Message message = new Message("TopicTest", "Hello RocketMQ".getBytes(StandardCharsets.UTF_8));
        message.putProperty(MessageProperties.UNIQ_KEY, "7F00000100002A9F0000000000000001");
        message.putProperty(MessageProperties.WAIT, "true");
        message.setTags("TagA");
        RemotingCommand request = SendRequests.message("PG_TEST", message, new MessageQueue("TopicTest", "broker-a", 1),
                0, message.getBody());

        assertEquals(RequestCode.SEND_MESSAGE_V2, request.getCode());
        Map<String, String> actual = new HashMap<>(request.getExtFields());
        assertTrue(Long.parseLong(actual.remove("g")) > 0, "born timestamp");
        expected.remove("g");
        assertEquals(expected, actual);
        assertArrayEquals(expectedBody, request.getBody());
    }

    @Test
    void waitTrueIsAddedWhenTheMessageDoesNotSayWait() {
        Message message = new Message("T", "x".getBytes(StandardCharsets.UTF_8));
        message.setKeys("k1");
        assertEquals("KEYS\u0001k1\u0002WAIT\u0001true\u0002", SendRequests.properties(message));
    }

    @Test
    void batchHeaderIsMarkedBatchAndCarriesNoBatchLevelUniqueKey() {
        RemotingCommand request = SendRequests.batch("PG", new MessageQueue("T", "broker-a", 2), new byte[] {1});
        assertEquals(RequestCode.SEND_BATCH_MESSAGE, request.getCode());
        assertEquals("true", request.ext("m"));
        assertEquals("2", request.ext("e"));
        assertEquals("WAIT\u0001true\u0002", request.ext("i"));
    }
}

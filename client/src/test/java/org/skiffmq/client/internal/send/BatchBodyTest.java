package org.skiffmq.client.internal.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.client.Vectors;

class BatchBodyTest {

    @Test
    void twoMessagesEncodeExactlyAsTheBatchVector() {
        Message m1 = new Message("TopicTest", "TagA", "k1", "m1".getBytes(StandardCharsets.UTF_8));
        m1.getProperties().clear();
        m1.setKeys("k1");
        m1.setTags("TagA");
        m1.putProperty(MessageProperties.UNIQ_KEY, "7F00000100002A9F0000000000000002");
        m1.putProperty(MessageProperties.WAIT, "true");
        Message m2 = new Message("TopicTest", "m2".getBytes(StandardCharsets.UTF_8));
        m2.setTags("TagB");
        m2.putProperty(MessageProperties.UNIQ_KEY, "7F00000100002A9F0000000000000003");
        // WAIT left out: the encoder adds it, as the vector's element shows.
        assertArrayEquals(Vectors.hex("batch-body.hex"), BatchBody.encode(List.of(m1, m2)));
    }
}

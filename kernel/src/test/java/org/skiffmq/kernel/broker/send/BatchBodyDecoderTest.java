package org.skiffmq.kernel.broker.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageDecodeException;

class BatchBodyDecoderTest {

    static byte[] vector(String name) throws Exception {
        Path dir = Path.of(System.getProperty("skiff.vectors", "../api/src/test/resources/vectors"));
        return HexFormat.of().parseHex(Files.readString(dir.resolve(name)).trim());
    }

    @Test
    void batchVectorHoldsTwoMessagesWithTheirProperties() throws Exception {
        List<Message> messages = BatchBodyDecoder.decode(vector("batch-body.hex"));
        assertEquals(2, messages.size());
        assertEquals("m1", new String(messages.get(0).getBody()));
        assertEquals("k1", messages.get(0).getKeys());
        assertEquals("TagA", messages.get(0).getTags());
        assertEquals("7F00000100002A9F0000000000000002", messages.get(0).getUniqKey());
        assertEquals("m2", new String(messages.get(1).getBody()));
        assertEquals("TagB", messages.get(1).getTags());
        assertEquals("7F00000100002A9F0000000000000003", messages.get(1).getUniqKey());
    }

    @Test
    void truncatedBatchIsRejectedNamingTheElement() throws Exception {
        byte[] body = vector("batch-body.hex");
        byte[] cut = Arrays.copyOf(body, body.length - 5);
        MessageDecodeException e = assertThrows(MessageDecodeException.class, () -> BatchBodyDecoder.decode(cut));
        assertTrue(e.getMessage().contains("batch element 1"), e.getMessage());
    }

    @Test
    void hugeTotalSizeIsRejectedWithoutAllocating() {
        byte[] body = new byte[30];
        body[0] = 0x7F;
        body[1] = (byte) 0xFF;
        assertThrows(MessageDecodeException.class, () -> BatchBodyDecoder.decode(body));
    }
}

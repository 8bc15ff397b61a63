package org.skiffmq.client.internal.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class BodyCompressionTest {

    @Test
    void zlibBodyInflatesBackAndStartsWithTheLevelFiveHeader() throws Exception {
        byte[] body = "a fairly repetitive body ".repeat(400).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = BodyCompression.zlib(body);
        assertTrue(compressed.length < body.length);
        assertEquals(0x78, compressed[0] & 0xFF);
        assertEquals(0x5E, compressed[1] & 0xFF);
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        byte[] out = new byte[body.length];
        assertEquals(body.length, inflater.inflate(out));
        inflater.end();
        assertArrayEquals(body, out);
    }

    @Test
    void sysFlagSaysCompressedWithZlib() {
        assertEquals(0x301, BodyCompression.ZLIB_SYS_FLAG);
    }
}

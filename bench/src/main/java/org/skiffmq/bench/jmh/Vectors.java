package org.skiffmq.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The shared test vectors the benchmarks start from. {@code send-v2-json.hex} is a copy of
 * {@code api/src/test/resources/vectors/send-v2-json.hex}: a SEND_MESSAGE_V2 request as the official
 * 5.2.0 client frames it (length prefix, header-length word, JSON header, 14-byte body), copied
 * so that {@code benchmarks.jar} runs anywhere.
 */
final class Vectors {

    private Vectors() {
    }

    /** The whole frame, length prefix included. */
    static byte[] sendV2JsonFrame() {
        try (InputStream in = Vectors.class.getResourceAsStream("send-v2-json.hex")) {
            if (in == null) {
                throw new IllegalStateException("send-v2-json.hex is missing from the benchmark jar");
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only the JSON header of that frame. */
    static byte[] sendV2JsonHeader() {
        byte[] frame = sendV2JsonFrame();
        int headerLength = ((frame[5] & 0xFF) << 16) | ((frame[6] & 0xFF) << 8) | (frame[7] & 0xFF);
        byte[] header = new byte[headerLength];
        System.arraycopy(frame, 8, header, 0, headerLength);
        return header;
    }
}

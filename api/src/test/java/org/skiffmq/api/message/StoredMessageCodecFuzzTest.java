package org.skiffmq.api.message;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.skiffmq.api.testing.Allocations;

/**
 * Hostile bytes against the stored-message decoder that recovery runs over a commit log after a
 * crash: records are decoded one after another, as recovery does, and each either decodes
 * (moving forward, so recovery cannot loop) or throws {@link MessageDecodeException}; nothing
 * allocates by a length that the bytes do not back. Inputs replay in every build from
 * {@code StoredMessageCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class StoredMessageCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decode(byte[] input) {
        long allocated = Allocations.of(() -> decodeAll(input));
        assertTrue(allocated <= Allocations.budgetFor(input.length), input.length + " bytes allocated " + allocated);
    }

    private static void decodeAll(byte[] input) {
        ByteBuffer log = ByteBuffer.wrap(input);
        while (log.hasRemaining()) {
            int at = log.position();
            try {
                StoredMessage m = StoredMessageCodec.decode(log, true);
                assertTrue(log.position() > at, "decode did not move past the record at " + at);
                assertTrue(m.getStoreSize() == log.position() - at, "store size " + m.getStoreSize());
            } catch (MessageDecodeException endOfLog) {
                // where recovery ends the log
                break;
            }
        }
    }
}

package org.skiffmq.transport.netty.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.skiffmq.api.testing.Allocations;

/**
 * Hostile bytes against the Remoting codec: whatever arrives, the frame decoder and the two header
 * readers either decode it or throw {@link RemotingFrameException}, allocate no more than their
 * limit allows, and finish (the per-input timeout catches a hang). Every build replays the inputs
 * under {@code src/test/resources/.../CodecFuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1}
 * one method at a time is fuzzed (docs/reliability.md has the commands).
 */
class CodecFuzzTest {
    private static final int MAX_FRAME = 1 << 20;

    /** The bytes in chunks whose sizes the first byte picks, as a TCP stream may split them. */
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void frameDecoder(byte[] input) {
        long allocated = Allocations.of(() -> decodeInChunks(input));
        assertTrue(allocated <= MAX_FRAME, "decoding " + input.length + " bytes allocated " + allocated);
    }

    private static void decodeInChunks(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(MAX_FRAME));
        try {
            int chunk = input.length == 0 ? 1 : 1 + (input[0] & 0x3F) * 16;
            for (int at = 0; at < input.length; at += chunk) {
                byte[] part = Arrays.copyOfRange(input, at, Math.min(input.length, at + chunk));
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(part));
                } catch (RemotingFrameException expected) {
                    // The connection would be closed here; the decoder discards the rest.
                }
                Object frame;
                while ((frame = channel.readInbound()) != null) {
                    assertTrue(frame instanceof InboundCommand, frame.getClass().getName());
                    ReferenceCountUtil.release(frame);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void jsonHeader(byte[] input) {
        long allocated = Allocations.of(() -> {
            try {
                JsonHeaderReader.read(input);
            } catch (RemotingFrameException expected) {
                // a header the reader refuses, as it must
            }
        });
        assertTrue(allocated <= Allocations.budgetFor(input.length), input.length + " bytes allocated " + allocated);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void binaryHeader(byte[] input) {
        long allocated = Allocations.of(() -> {
            try {
                BinaryHeaderReader.read(Unpooled.wrappedBuffer(input), 0, input.length);
            } catch (RemotingFrameException expected) {
                // a header the reader refuses, as it must
            }
        });
        assertTrue(allocated <= Allocations.budgetFor(input.length), input.length + " bytes allocated " + allocated);
    }
}

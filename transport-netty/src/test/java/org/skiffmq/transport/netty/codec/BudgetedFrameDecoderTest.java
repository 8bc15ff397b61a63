package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The frame decoder charging a shared {@link InboundBudget}: exact, and never stuck. */
class BudgetedFrameDecoderTest {
    private static final int MAX = 64 * 1024;
    private static final int FRAME = 40 * 1024;

    /** A JSON frame of exactly {@code frameLength} bytes (prefix included). */
    private static byte[] frame(int frameLength) {
        byte[] header = "{\"code\":1,\"flag\":0,\"opaque\":1}".getBytes(UTF_8);
        ByteBuf buf = Unpooled.buffer(frameLength);
        buf.writeInt(frameLength - 4).writeInt(header.length).writeBytes(header).writeZero(frameLength - 8 - header.length);
        byte[] bytes = Arrays.copyOf(buf.array(), buf.writerIndex());
        buf.release();
        return bytes;
    }

    private static EmbeddedChannel connection(InboundBudget budget) {
        return new EmbeddedChannel(new RemotingFrameDecoder(MAX, budget));
    }

    @Test
    void aFrameIsChargedWholeFromItsPrefixAndReleasedWithItsCommand() {
        InboundBudget budget = new InboundBudget(1 << 20, MAX);
        EmbeddedChannel channel = connection(budget);
        byte[] frame = frame(FRAME);

        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 8));
        assertEquals(FRAME, budget.used(), "charged from the length prefix, before the bytes came");
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 8, frame.length - 8));
        InboundCommand command = channel.readInbound();
        assertNotNull(command);
        assertEquals(FRAME, command.charge());
        assertEquals(FRAME, budget.used(), "a decoded command holds its charge until it is handled");

        command.release();
        command.release();
        assertEquals(0, budget.used());
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectionWhoseFrameDoesNotFitIsNotReadUntilBudgetComesBack() {
        InboundBudget budget = new InboundBudget(InboundBudget.minimumFor(MAX), MAX);
        EmbeddedChannel first = connection(budget);
        EmbeddedChannel second = connection(budget);
        first.writeInbound(Unpooled.wrappedBuffer(frame(FRAME)));
        InboundCommand held = first.readInbound();

        second.writeInbound(Unpooled.wrappedBuffer(frame(FRAME)));
        assertNull(second.readInbound(), "decoded a frame the budget had no room for");
        assertFalse(second.config().isAutoRead(), "still reading a connection whose frame has no budget");
        assertEquals(FRAME, budget.used(), "the waiting connection holds budget");

        held.release();
        second.runPendingTasks();
        InboundCommand next = second.readInbound();
        assertNotNull(next, "the waiting frame was not decoded once budget came back");
        assertTrue(second.config().isAutoRead());
        assertEquals(FRAME, budget.used());
        next.release();
        assertEquals(0, budget.used());
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void smallFramesPassWhileLargeOnesWait() {
        InboundBudget budget = new InboundBudget(InboundBudget.minimumFor(MAX), MAX);
        EmbeddedChannel large = connection(budget);
        EmbeddedChannel small = connection(budget);
        large.writeInbound(Unpooled.wrappedBuffer(frame(FRAME)));
        InboundCommand held = large.readInbound();
        large.writeInbound(Unpooled.wrappedBuffer(frame(FRAME)));
        assertNull(large.readInbound());

        small.writeInbound(Unpooled.wrappedBuffer(frame(200)));
        InboundCommand heartbeat = small.readInbound();
        assertNotNull(heartbeat, "a small frame waited behind large ones");
        heartbeat.release();
        held.release();
        large.runPendingTasks();
        ((InboundCommand) large.readInbound()).release();
        assertEquals(0, budget.used());
        large.finishAndReleaseAll();
        small.finishAndReleaseAll();
    }

    @Test
    void closingAConnectionGivesBackTheChargeOfItsPartialFrame() {
        InboundBudget budget = new InboundBudget(1 << 20, MAX);
        EmbeddedChannel channel = connection(budget);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(FRAME), 0, 1000));
        assertEquals(FRAME, budget.used());

        channel.close();
        assertEquals(0, budget.used());
        channel.finishAndReleaseAll();
    }

    @Test
    void aBadFrameGivesBackItsCharge() {
        InboundBudget budget = new InboundBudget(1 << 20, MAX);
        EmbeddedChannel channel = connection(budget);
        byte[] bad = frame(FRAME);
        bad[4] = 9; // no such serialize type

        assertThrows(RemotingFrameException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(bad)));
        assertEquals(0, budget.used());
        channel.finishAndReleaseAll();
    }
}

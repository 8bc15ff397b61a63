package org.skiffmq.transport.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Turns the bytes of one connection into {@link InboundCommand}s.
 *
 * <pre>
 * +----------+------+----------+-----------------+-------------------+
 * | length L | type | header H | header          | body              |
 * | int32    | int8 | uint24   | H bytes         | L - 4 - H bytes   |
 * +----------+------+----------+-----------------+-------------------+
 *            |&lt;------------------- L bytes ---------------------------&gt;|
 * type 0 = JSON header, 1 = ROCKETMQ binary header (details on {@link RemotingFrames})
 * </pre>
 *
 * The length prefix is checked against the configured maximum (which
 * counts the prefix itself, as RocketMQ's {@code frameMaxLength} does) as soon as its 4 bytes
 * are in, so a hostile length never makes the connection buffer more than the maximum.
 *
 * <p>Then the whole frame is charged to the endpoint's {@link InboundBudget} before its bytes
 * are gathered; the charge travels with the decoded command until it is handled. When the frame
 * does not fit, the connection stops being read (auto-read off, no read asked for) until budget
 * is released, then tries again; a connection closing gives back the charge of the frame it was
 * gathering.
 *
 * <p>A bad frame raises one {@link RemotingFrameException}; after that the decoder discards
 * everything the connection sends, so the handler that closes the connection hears about it
 * once. One instance per connection; its state is touched on the connection's event loop only.
 */
public final class RemotingFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameLength;
    private final InboundBudget budget;
    private boolean failed;
    /** Bytes charged for the frame being gathered; 0 when none is. */
    private int charged;
    private boolean awaitingBudget;

    /** A decoder whose frames are not budgeted (a client's: its answers are what it asked for). */
    public RemotingFrameDecoder(int maxFrameLength) {
        this(maxFrameLength, InboundBudget.unlimited());
    }

    /**
     * @param maxFrameLength largest frame accepted, counting its 4-byte length prefix
     * @param budget         shared by every connection of the endpoint
     */
    public RemotingFrameDecoder(int maxFrameLength, InboundBudget budget) {
        if (maxFrameLength < RemotingFrames.LENGTH_FIELD + RemotingFrames.HEADER_LENGTH_FIELD) {
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is below the 8-byte minimum");
        }
        this.maxFrameLength = maxFrameLength;
        this.budget = budget;
    }

    /** True while the connection is not read because its next frame waits for budget. */
    public boolean awaitingBudget() {
        return awaitingBudget;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < RemotingFrames.LENGTH_FIELD) {
            return;
        }
        try {
            int frameLength = in.getInt(in.readerIndex());
            checkLength(frameLength);
            int frameSize = RemotingFrames.LENGTH_FIELD + frameLength;
            if (charged == 0 && !charge(ctx, frameSize)) {
                return;
            }
            if (in.readableBytes() < frameSize) {
                reserveRoom(in, frameSize - in.readableBytes());
                return;
            }
            in.skipBytes(RemotingFrames.LENGTH_FIELD);
            RemotingCommand cmd = RemotingFrames.readContent(in.readSlice(frameLength), frameLength);
            out.add(new InboundCommand(cmd, budget, charged));
            charged = 0;
        } catch (RemotingFrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            releaseCharge();
            throw e;
        } catch (RuntimeException e) {
            releaseCharge();
            throw e;
        }
    }

    private void checkLength(int frameLength) {
        if (frameLength < RemotingFrames.HEADER_LENGTH_FIELD) {
            throw new RemotingFrameException("frame length " + frameLength + " is below the 4-byte minimum");
        }
        if ((long) frameLength + RemotingFrames.LENGTH_FIELD > maxFrameLength) {
            throw new RemotingFrameException("frame of " + ((long) frameLength + RemotingFrames.LENGTH_FIELD)
                    + " bytes exceeds the maximum of " + maxFrameLength);
        }
    }

    /**
     * Makes room for the rest of the frame at once, so the buffer is not copied again and again
     * as it grows, nor grown past what was charged. Skipped for a buffer the decoder cannot grow
     * (one it was handed whole, read-only or shared), which the cumulator will copy anyway.
     */
    private static void reserveRoom(ByteBuf in, int missing) {
        if (in.writableBytes() < missing && !in.isReadOnly() && in.refCnt() == 1 && in.maxWritableBytes() >= missing) {
            in.ensureWritable(missing);
        }
    }

    /** Charges the next frame, or stops reading the connection until budget is released. */
    private boolean charge(ChannelHandlerContext ctx, int frameSize) {
        if (!ctx.channel().isActive()) {
            return false; // closing: the frame can never be answered
        }
        if (budget.tryCharge(frameSize)) {
            charged = frameSize;
            return true;
        }
        awaitingBudget = true;
        ctx.channel().config().setAutoRead(false);
        budget.whenReleased(() -> {
            try {
                ctx.executor().execute(() -> retryAfterRelease(ctx));
            } catch (RejectedExecutionException e) {
                // the event loop is gone, and the connection with it
            }
        });
        // A release between the failed charge and the registration would wake nobody: try once more.
        if (budget.tryCharge(frameSize)) {
            charged = frameSize;
            resumeReading(ctx);
            return true;
        }
        return false;
    }

    private void resumeReading(ChannelHandlerContext ctx) {
        awaitingBudget = false;
        // Reading also waits for the outbound buffer to drain (BackpressureHandler).
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    /** On the event loop, after some budget came back: decode again what is here, charging the frame anew. */
    private void retryAfterRelease(ChannelHandlerContext ctx) {
        if (!awaitingBudget || ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        resumeReading(ctx);
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    /**
     * While waiting for budget, no read is asked for: ByteToMessageDecoder would ask for one
     * after a read that decoded nothing, gathering the uncharged frame anyway.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (awaitingBudget) {
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            releaseCharge();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseCharge();
    }

    private void releaseCharge() {
        int bytes = charged;
        charged = 0;
        budget.release(bytes);
    }
}

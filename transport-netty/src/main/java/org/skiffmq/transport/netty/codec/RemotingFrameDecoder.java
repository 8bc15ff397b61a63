package org.skiffmq.transport.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Turns the bytes of one connection into {@link RemotingCommand}s.
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
 * <p>A bad frame raises one {@link RemotingFrameException}; after that the decoder discards
 * everything the connection sends, so the handler that closes the connection hears about it
 * once. One instance per connection.
 */
public final class RemotingFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameLength;
    private boolean failed;

    /** @param maxFrameLength largest frame accepted, counting its 4-byte length prefix */
    public RemotingFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < RemotingFrames.LENGTH_FIELD + RemotingFrames.HEADER_LENGTH_FIELD) {
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is below the 8-byte minimum");
        }
        this.maxFrameLength = maxFrameLength;
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
            if (in.readableBytes() < RemotingFrames.LENGTH_FIELD + frameLength) {
                return;
            }
            in.skipBytes(RemotingFrames.LENGTH_FIELD);
            out.add(RemotingFrames.readContent(in.readSlice(frameLength), frameLength));
        } catch (RemotingFrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
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
}

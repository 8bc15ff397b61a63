package org.skiffmq.transport.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Writes each outbound {@link RemotingCommand} as one frame (layout on {@link RemotingFrames}),
 * with its header in the command's serialize type, into a pooled I/O buffer sized for it.
 * A command that cannot be encoded fails its write promise. Stateless: one instance serves every
 * connection.
 */
@Sharable
public final class RemotingFrameEncoder extends MessageToByteEncoder<RemotingCommand> {
    public static final RemotingFrameEncoder INSTANCE = new RemotingFrameEncoder();

    private RemotingFrameEncoder() {
        super(RemotingCommand.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(RemotingFrames.estimateLength(msg));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand msg, ByteBuf out) {
        RemotingFrames.write(msg, out);
    }
}

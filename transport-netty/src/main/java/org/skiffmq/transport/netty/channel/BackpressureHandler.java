package org.skiffmq.transport.netty.channel;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import org.skiffmq.transport.netty.codec.RemotingFrameDecoder;

/**
 * Stops reading from a connection while its outbound buffer is above the high watermark, and
 * resumes below the low one. A peer that sends requests but does not read the answers thus
 * stops being served instead of growing this process's memory. Reading resumes only if the
 * frame decoder is not waiting for inbound budget as well (it resumes reading itself when it
 * gets it). Stateless.
 */
@Sharable
public final class BackpressureHandler extends ChannelInboundHandlerAdapter {
    /** Room for a few large pull responses before a connection is paused. */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1024 * 1024, 4 * 1024 * 1024);
    public static final BackpressureHandler INSTANCE = new BackpressureHandler();

    private BackpressureHandler() {
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        RemotingFrameDecoder decoder = ctx.pipeline().get(RemotingFrameDecoder.class);
        boolean awaitingBudget = decoder != null && decoder.awaitingBudget();
        ctx.channel().config().setAutoRead(ctx.channel().isWritable() && !awaitingBudget);
        ctx.fireChannelWritabilityChanged();
    }
}

package org.skiffmq.transport.netty.channel;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.codec.InboundCommand;

/**
 * Splits decoded commands by flag bit 0, the only thing RocketMQ decides it by: responses end a
 * pending call, requests go to the dispatcher. Each command's inbound budget is given back once
 * it is handled: a response at once, a request when the dispatcher is done with it. Stateless:
 * one instance per endpoint.
 */
@Sharable
public final class InboundCommandHandler extends SimpleChannelInboundHandler<InboundCommand> {
    private final PendingCalls pendingCalls;
    private final RequestDispatcher dispatcher;

    public InboundCommandHandler(PendingCalls pendingCalls, RequestDispatcher dispatcher) {
        super(InboundCommand.class);
        this.pendingCalls = pendingCalls;
        this.dispatcher = dispatcher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, InboundCommand inbound) {
        RemotingCommand cmd = inbound.command();
        if (cmd.isResponse()) {
            try {
                pendingCalls.complete(ctx.channel(), cmd);
            } finally {
                inbound.release();
            }
        } else {
            dispatcher.dispatch(NettyRemotingChannel.of(ctx.channel()), cmd, inbound::release);
        }
    }
}

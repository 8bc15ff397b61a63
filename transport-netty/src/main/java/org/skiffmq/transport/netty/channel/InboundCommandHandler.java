package org.skiffmq.transport.netty.channel;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Splits decoded commands by flag bit 0, the only thing RocketMQ decides it by: responses end a
 * pending call, requests go to the dispatcher. Stateless: one instance per endpoint.
 */
@Sharable
public final class InboundCommandHandler extends SimpleChannelInboundHandler<RemotingCommand> {
    private final PendingCalls pendingCalls;
    private final RequestDispatcher dispatcher;

    public InboundCommandHandler(PendingCalls pendingCalls, RequestDispatcher dispatcher) {
        super(RemotingCommand.class);
        this.pendingCalls = pendingCalls;
        this.dispatcher = dispatcher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand cmd) {
        if (cmd.isResponse()) {
            pendingCalls.complete(ctx.channel(), cmd);
        } else {
            dispatcher.dispatch(NettyRemotingChannel.of(ctx.channel()), cmd);
        }
    }
}

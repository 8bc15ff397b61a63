package org.skiffmq.transport.netty.channel;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.transport.netty.codec.RemotingFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the pipeline: tells the {@link ChannelListener}s about connects, closes and idle
 * connections, fails the calls of a connection that closed, and closes a connection on any
 * error with one log line that names the peer and the reason. Stateless: one per endpoint.
 */
@Sharable
public final class ConnectionEventHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionEventHandler.class);

    private final List<ChannelListener> listeners;
    private final PendingCalls pendingCalls;

    /** @param listeners read on each event, so listeners added later are heard (use a concurrent list) */
    public ConnectionEventHandler(List<ChannelListener> listeners, PendingCalls pendingCalls) {
        this.listeners = listeners;
        this.pendingCalls = pendingCalls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        NettyRemotingChannel channel = NettyRemotingChannel.of(ctx.channel());
        log.debug("connection {} open", channel.remoteAddressString());
        notifyListeners(channel, listener -> listener.onConnect(channel));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettyRemotingChannel channel = NettyRemotingChannel.of(ctx.channel());
        log.debug("connection {} closed", channel.remoteAddressString());
        pendingCalls.failAll(ctx.channel());
        notifyListeners(channel, listener -> listener.onClose(channel));
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            NettyRemotingChannel channel = NettyRemotingChannel.of(ctx.channel());
            log.info("closing idle connection {}", channel.remoteAddressString());
            notifyListeners(channel, listener -> listener.onIdle(channel));
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        String peer = Addresses.format(ctx.channel().remoteAddress());
        Throwable frameError = cause instanceof DecoderException && cause.getCause() instanceof RemotingFrameException
                ? cause.getCause() : cause;
        if (frameError instanceof RemotingFrameException) {
            log.warn("closing connection {}: bad frame: {}", peer, frameError.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("closing connection {}: {}", peer, cause.toString());
        } else {
            log.warn("closing connection {} after an unexpected error", peer, cause);
        }
        ctx.close();
    }

    private void notifyListeners(NettyRemotingChannel channel, Consumer<ChannelListener> event) {
        for (ChannelListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("channel listener {} failed on {}", listener, channel, e);
            }
        }
    }
}

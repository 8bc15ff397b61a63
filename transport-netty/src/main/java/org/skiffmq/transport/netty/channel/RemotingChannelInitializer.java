package org.skiffmq.transport.netty.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.transport.netty.codec.InboundBudget;
import org.skiffmq.transport.netty.codec.RemotingFrameDecoder;
import org.skiffmq.transport.netty.codec.RemotingFrameEncoder;
import org.skiffmq.transport.netty.tls.TlsPipeline;

/**
 * The pipeline of every Remoting connection, server or client side:
 *
 * <pre>
 * [TLS →] flush consolidation → idle timer → frame decoder → frame encoder → backpressure
 *   → commands (responses to pending calls, requests to processors) → connection events
 * </pre>
 *
 * The frame decoders of all connections share one {@link InboundBudget}, which bounds the bytes
 * of inbound frames the endpoint holds at once.
 *
 * <p>Flush consolidation lets the responses written in one event-loop turn (or by processors on
 * other threads in quick succession) share one flush, i.e. one system call.
 */
public final class RemotingChannelInitializer extends ChannelInitializer<Channel> {
    /** Flushes consolidated at most before one real flush. */
    private static final int FLUSHES_PER_SYSCALL = 256;

    private final int maxFrameLength;
    private final int idleTimeoutSeconds;
    private final InboundBudget budget;
    private final PendingCalls pendingCalls;
    private final InboundCommandHandler commands;
    private final ConnectionEventHandler events;
    private final TlsPipeline tls;

    public RemotingChannelInitializer(int maxFrameLength, int idleTimeoutSeconds, InboundBudget budget,
                                      PendingCalls pendingCalls, RequestDispatcher dispatcher,
                                      List<ChannelListener> listeners) {
        this(maxFrameLength, idleTimeoutSeconds, budget, pendingCalls, dispatcher, listeners, null);
    }

    /** @param tls TLS put first in each connection's pipeline, or null for none */
    public RemotingChannelInitializer(int maxFrameLength, int idleTimeoutSeconds, InboundBudget budget,
                                      PendingCalls pendingCalls, RequestDispatcher dispatcher,
                                      List<ChannelListener> listeners, TlsPipeline tls) {
        this.tls = tls;
        this.maxFrameLength = maxFrameLength;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.budget = budget;
        this.pendingCalls = pendingCalls;
        this.commands = new InboundCommandHandler(pendingCalls, dispatcher);
        this.events = new ConnectionEventHandler(listeners, pendingCalls);
        if (maxFrameLength < 8) {
            // Checked here so a bad setting fails at start, not on every connection.
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is below the 8-byte minimum");
        }
    }

    @Override
    protected void initChannel(Channel ch) {
        NettyRemotingChannel.attach(ch, pendingCalls);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast("flush", new FlushConsolidationHandler(FLUSHES_PER_SYSCALL, true));
        if (idleTimeoutSeconds > 0) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeoutSeconds));
        }
        pipeline.addLast("decoder", new RemotingFrameDecoder(maxFrameLength, budget));
        pipeline.addLast("encoder", RemotingFrameEncoder.INSTANCE);
        pipeline.addLast("backpressure", BackpressureHandler.INSTANCE);
        pipeline.addLast("commands", commands);
        pipeline.addLast("events", events);
        if (tls != null) {
            tls.install(ch);
        }
    }
}

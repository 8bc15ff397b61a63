package org.skiffmq.transport.netty.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.RemotingServer;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.api.transport.ResponseObserver;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.transport.netty.channel.BackpressureHandler;
import org.skiffmq.transport.netty.channel.EventLoops;
import org.skiffmq.transport.netty.channel.PendingCalls;
import org.skiffmq.transport.netty.channel.RemotingChannelInitializer;
import org.skiffmq.transport.netty.channel.RequestDispatcher;
import org.skiffmq.transport.netty.codec.InboundBudget;
import org.skiffmq.transport.netty.tls.TlsPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Remoting server on Netty: one acceptor thread, {@code ioThreads} event loops (epoll where
 * available), pooled direct buffers, TCP_NODELAY. Requests run on the executor their processor
 * was registered with; requests to clients go through the {@code RemotingChannel} a processor
 * or listener is given.
 *
 * <pre>
 * RemotingServer server = new NettyRemotingServer(ServerConfig.of("0.0.0.0", 10911));
 * server.registerProcessor(RequestCode.SEND_MESSAGE_V2, sendProcessor, sendExecutor);
 * server.start();
 * ...
 * server.shutdown();
 * </pre>
 */
public final class NettyRemotingServer implements RemotingServer {
    private static final Logger log = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final ServerConfig config;
    private final InboundBudget inboundBudget;
    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("remoting-server", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private HashedWheelTimer timer;
    private PendingCalls pendingCalls;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel serverChannel;
    /** TLS of every accepted connection, or null. */
    private final TlsPipeline tls;

    /**
     * @throws IllegalArgumentException when the inbound budget cannot take a frame of the maximum
     *                                  length, or TLS is on and its certificate or key cannot be used
     */
    public NettyRemotingServer(ServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.inboundBudget = new InboundBudget(config.inboundBudget() > 0 ? config.inboundBudget()
                : InboundBudget.defaultLimit(config.maxFrameLength()), config.maxFrameLength());
        this.tls = TlsPipeline.server(config.tls());
    }

    /** Bytes of inbound frames all connections may hold at once, and how many they hold now. */
    public InboundBudget inboundBudget() {
        return inboundBudget;
    }

    @Override
    public void registerProcessor(int requestCode, RequestProcessor processor, Executor executor) {
        dispatcher.register(requestCode, processor, executor);
    }

    @Override
    public void setResponseObserver(ResponseObserver observer) {
        dispatcher.setResponseObserver(observer);
    }

    @Override
    public void addChannelListener(ChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void start() throws RemotingException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("server already started");
        }
        timer = new HashedWheelTimer(new DefaultThreadFactory("remoting-server-timer", true), 10,
                TimeUnit.MILLISECONDS);
        pendingCalls = new PendingCalls(timer);
        acceptor = EventLoops.newGroup(1, "remoting-server-accept");
        workers = EventLoops.newGroup(config.ioThreads(), "remoting-server-io");
        RemotingChannelInitializer pipeline = new RemotingChannelInitializer(config.maxFrameLength(),
                config.idleTimeoutSeconds(), inboundBudget, pendingCalls, dispatcher, listeners, tls);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(EventLoops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BackpressureHandler.WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(pipeline);
                    }
                });
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdown();
            throw new RemotingException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        serverChannel = bound.channel();
        log.info("Remoting server listening on {} ({}; inbound frames held at once: at most {} MiB)", localAddress(),
                EventLoops.epoll() ? "epoll" : "nio", inboundBudget.limit() >> 20);
    }

    @Override
    public InetSocketAddress localAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("server not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public void shutdown() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
        EventLoops.shutdown(acceptor);
        EventLoops.shutdown(workers);
        pendingCalls.failAll();
        timer.stop();
        log.info("Remoting server on {}:{} stopped", config.bindAddress(), config.port());
    }
}

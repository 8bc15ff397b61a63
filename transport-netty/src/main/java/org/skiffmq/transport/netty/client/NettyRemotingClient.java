package org.skiffmq.transport.netty.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingConnectException;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RemotingSendException;
import org.skiffmq.api.remoting.RemotingTimeoutException;
import org.skiffmq.api.remoting.SerializeType;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.transport.netty.channel.BackpressureHandler;
import org.skiffmq.transport.netty.channel.EventLoops;
import org.skiffmq.transport.netty.channel.PendingCalls;
import org.skiffmq.transport.netty.channel.RemotingChannelInitializer;
import org.skiffmq.transport.netty.channel.RequestDispatcher;
import org.skiffmq.transport.netty.codec.InboundBudget;
import org.skiffmq.transport.netty.tls.TlsPipeline;

/**
 * A Remoting client on Netty: one connection per {@code ip:port}, opened on first use and
 * shared by every call (and every concurrent first caller) to that address; a closed connection
 * is reopened by the next call. Requests that servers send on these connections (e.g.
 * NOTIFY_CONSUMER_IDS_CHANGED) go to the processors registered here.
 *
 * <p>Request headers are JSON unless the client is made with {@link SerializeType#ROCKETMQ}, or
 * the JVM property {@code rocketmq.serialize.type} (environment {@code ROCKETMQ_SERIALIZE_TYPE})
 * says {@code ROCKETMQ}, as for RocketMQ's own client; codes beyond 16 bits always go as JSON.
 * Async futures complete on an I/O or timer thread: chain short work or use {@code *Async}.
 *
 * <pre>
 * RemotingClient client = new NettyRemotingClient(ClientConfig.defaults());
 * client.start();
 * RemotingCommand response = client.invokeSync("127.0.0.1:9876", request, 3000);
 * client.shutdown();
 * </pre>
 */
public final class NettyRemotingClient implements RemotingClient {
    static final String SERIALIZE_TYPE_PROPERTY = "rocketmq.serialize.type";
    static final String SERIALIZE_TYPE_ENV = "ROCKETMQ_SERIALIZE_TYPE";

    private final ClientConfig config;
    private final SerializeType requestHeaderType;
    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Connections connections;
    private EventLoopGroup group;
    private HashedWheelTimer timer;
    private PendingCalls pendingCalls;
    /** TLS of every connection made, or null. */
    private final TlsPipeline tls;

    /** A client whose request headers follow {@code rocketmq.serialize.type} (default JSON). */
    public NettyRemotingClient(ClientConfig config) {
        this(config, configuredHeaderType());
    }

    /** @throws IllegalArgumentException when TLS is on and its files cannot be used */
    public NettyRemotingClient(ClientConfig config, SerializeType requestHeaderType) {
        this.config = Objects.requireNonNull(config, "config");
        this.requestHeaderType = Objects.requireNonNull(requestHeaderType, "requestHeaderType");
        this.tls = TlsPipeline.client(config.tls(), false);
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("client already started");
        }
        group = EventLoops.newGroup(config.ioThreads() > 0 ? config.ioThreads() : 1, "remoting-client-io");
        timer = new HashedWheelTimer(new DefaultThreadFactory("remoting-client-timer", true), 10,
                TimeUnit.MILLISECONDS);
        pendingCalls = new PendingCalls(timer);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(EventLoops.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BackpressureHandler.WATER_MARK)
                .handler(new RemotingChannelInitializer(config.maxFrameLength(), config.idleTimeoutSeconds(),
                        InboundBudget.unlimited(), pendingCalls, dispatcher, listeners, tls));
        connections = new Connections(bootstrap);
    }

    @Override
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        try {
            return invokeAsync(address, request, timeoutMillis).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException remoting) {
                throw remoting;
            }
            throw new RemotingSendException(address, e.getCause());
        }
    }

    @Override
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request,
                                                          long timeoutMillis) {
        long startNanos = System.nanoTime();
        ChannelFuture connected;
        try {
            connected = connect(address);
        } catch (RemotingConnectException e) {
            return CompletableFuture.failedFuture(e);
        }
        chooseHeaderType(request);
        if (connected.isDone()) {
            return send(address, connected, request, timeoutMillis, startNanos);
        }
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        connected.addListener(done -> send(address, connected, request, timeoutMillis, startNanos)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(response);
                    }
                }));
        return result;
    }

    /** Sends once connected, with what is left of the timeout after connecting. */
    private CompletableFuture<RemotingCommand> send(String address, ChannelFuture connected, RemotingCommand request,
                                                    long timeoutMillis, long startNanos) {
        if (!connected.isSuccess()) {
            return CompletableFuture.failedFuture(new RemotingConnectException(address, connected.cause()));
        }
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (left <= 0) {
            return CompletableFuture.failedFuture(new RemotingTimeoutException(address, timeoutMillis));
        }
        return pendingCalls.send(connected.channel(), address, request, left);
    }

    @Override
    public void invokeOneway(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        ChannelFuture connected = connect(address);
        request.markOneway();
        chooseHeaderType(request);
        connected.await();
        if (!connected.isSuccess()) {
            throw new RemotingConnectException(address, connected.cause());
        }
        ChannelFuture written = connected.channel().writeAndFlush(request);
        if (!written.await(timeoutMillis)) {
            throw new RemotingTimeoutException(address, timeoutMillis);
        }
        if (!written.isSuccess()) {
            throw new RemotingSendException(address, written.cause());
        }
    }

    @Override
    public void registerProcessor(int requestCode, RequestProcessor processor, Executor executor) {
        dispatcher.register(requestCode, processor, executor);
    }

    @Override
    public void addChannelListener(ChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void closeConnection(String address) {
        Connections current = connections;
        if (current != null) {
            current.close(address);
        }
    }

    @Override
    public void shutdown() {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        connections.closeAll();
        pendingCalls.failAll();
        EventLoops.shutdown(group);
        timer.stop();
    }

    private ChannelFuture connect(String address) throws RemotingConnectException {
        if (!started.get()) {
            throw new IllegalStateException("client not started");
        }
        if (stopped.get()) {
            throw new RemotingConnectException(address, new IllegalStateException("the client shut down"));
        }
        try {
            return connections.get(address);
        } catch (IllegalArgumentException e) {
            throw new RemotingConnectException(address, e);
        }
    }

    private void chooseHeaderType(RemotingCommand request) {
        boolean binary = request.getSerializeType() == SerializeType.ROCKETMQ
                || requestHeaderType == SerializeType.ROCKETMQ;
        boolean fits = request.getCode() >= Short.MIN_VALUE && request.getCode() <= Short.MAX_VALUE;
        request.setSerializeType(binary && fits ? SerializeType.ROCKETMQ : SerializeType.JSON);
    }

    static SerializeType configuredHeaderType() {
        String configured = System.getProperty(SERIALIZE_TYPE_PROPERTY, System.getenv(SERIALIZE_TYPE_ENV));
        return SerializeType.ROCKETMQ.name().equalsIgnoreCase(configured) ? SerializeType.ROCKETMQ
                : SerializeType.JSON;
    }
}

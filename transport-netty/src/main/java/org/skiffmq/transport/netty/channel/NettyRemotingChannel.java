package org.skiffmq.transport.netty.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.EncoderException;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.remoting.SerializeType;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.ResponseObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty channel as processors see it. One instance per connection, kept in a channel
 * attribute so every handler and listener sees the same object. Thread-safe: writes may come
 * from any thread; Netty hands them to the channel's event loop.
 */
public final class NettyRemotingChannel implements RemotingChannel {
    private static final Logger log = LoggerFactory.getLogger(NettyRemotingChannel.class);
    private static final AttributeKey<NettyRemotingChannel> KEY = AttributeKey.valueOf(NettyRemotingChannel.class,
            "remotingChannel");

    private final Channel channel;
    private final PendingCalls pendingCalls;
    /** Cached once known: a client channel is wrapped before it connects. */
    private volatile String remoteAddressString;
    private volatile ResponseObserver responseObserver = ResponseObserver.NONE;

    private NettyRemotingChannel(Channel channel, PendingCalls pendingCalls) {
        this.channel = channel;
        this.pendingCalls = pendingCalls;
    }

    /** Creates and attaches the wrapper of a new connection. */
    public static NettyRemotingChannel attach(Channel channel, PendingCalls pendingCalls) {
        NettyRemotingChannel wrapper = new NettyRemotingChannel(channel, pendingCalls);
        channel.attr(KEY).set(wrapper);
        return wrapper;
    }

    /** The wrapper attached to {@code channel}. */
    public static NettyRemotingChannel of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** The Netty channel underneath. */
    public Channel channel() {
        return channel;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public String remoteAddressString() {
        String address = remoteAddressString;
        if (address == null) {
            if (channel.remoteAddress() == null) {
                return "";
            }
            address = Addresses.format(channel.remoteAddress());
            remoteAddressString = address;
        }
        return address;
    }

    /** Reports each answer written from now on to {@code observer} (the server's; set as requests arrive). */
    void observeResponses(ResponseObserver observer) {
        if (responseObserver != observer) {
            responseObserver = observer;
        }
    }

    /** Reports the answer; a failing observer costs its figure, never the answer itself. */
    private void observe(RemotingCommand request, RemotingCommand response) {
        try {
            responseObserver.answered(request.getCode(), response.getCode(), request.isSuspended(),
                    System.nanoTime() - request.receivedNanos());
        } catch (RuntimeException e) {
            log.warn("the response observer failed on request code {}; the answer goes out", request.getCode(), e);
        }
    }

    /** Responses always go out with a JSON header: every RocketMQ client reads it. */
    @Override
    public void writeResponse(RemotingCommand request, RemotingCommand response) {
        if (request.isOneway()) {
            log.debug("not answering one-way request code {} from {}", request.getCode(), remoteAddressString());
            return;
        }
        if (request.receivedNanos() != 0) {
            observe(request, response);
        }
        response.setOpaque(request.getOpaque());
        response.markResponse();
        response.setSerializeType(SerializeType.JSON);
        channel.writeAndFlush(response, channel.newPromise().addListener(written -> {
            if (!written.isSuccess()) {
                answerUnwritableResponse(request, response, written.cause());
            }
        }));
    }

    /**
     * A response that could not be encoded (a header over the 24-bit limit, say) would leave its
     * requester waiting until its timeout: it gets a SYSTEM_ERROR naming why instead, and if even
     * that cannot be written, the connection closes so the requester's calls fail at once.
     */
    private void answerUnwritableResponse(RemotingCommand request, RemotingCommand response, Throwable cause) {
        if (!(cause instanceof EncoderException) || !channel.isActive()) {
            log.debug("could not write response (code {}, opaque {}) to {}: {}", response.getCode(),
                    response.getOpaque(), remoteAddressString(), String.valueOf(cause));
            return;
        }
        Throwable why = cause.getCause() != null ? cause.getCause() : cause;
        log.warn("could not encode the response (code {}) to request code {} from {}; answering SYSTEM_ERROR",
                response.getCode(), request.getCode(), remoteAddressString(), why);
        RemotingCommand error = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                "the response could not be encoded: " + why.getMessage());
        error.markResponse();
        error.setSerializeType(SerializeType.JSON);
        channel.writeAndFlush(error, channel.newPromise().addListener(written -> {
            if (!written.isSuccess()) {
                log.warn("closing connection {}: no answer to request code {} could be written",
                        remoteAddressString(), request.getCode(), written.cause());
                channel.close();
            }
        }));
    }

    @Override
    public void sendOneway(RemotingCommand request) {
        request.markOneway();
        channel.writeAndFlush(request, channel.newPromise().addListener(logFailure("one-way request", request)));
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
        return pendingCalls.send(channel, remoteAddressString(), request, timeoutMillis);
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }

    /**
     * Attached to the promise before the write is handed over: adding it after a write from
     * another thread races the event loop, which may already be gone at shutdown.
     */
    private ChannelFutureListener logFailure(String what, RemotingCommand cmd) {
        return written -> {
            if (!written.isSuccess()) {
                log.debug("could not write {} (code {}, opaque {}) to {}: {}", what, cmd.getCode(), cmd.getOpaque(),
                        remoteAddressString(), String.valueOf(written.cause()));
            }
        };
    }

    @Override
    public String toString() {
        return "RemotingChannel[" + remoteAddressString() + (channel.isActive() ? "" : ", closed") + "]";
    }
}

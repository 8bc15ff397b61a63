package org.skiffmq.transport.netty.channel;

import io.netty.channel.Channel;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingSendException;
import org.skiffmq.api.remoting.RemotingTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests an endpoint sent and still awaits answers for, by opaque. Each call ends exactly
 * once, whichever comes first: its response, its timeout (a timer task, so no thread waits per
 * call), a failed write, or its connection closing (all of that connection's calls fail at once
 * instead of waiting out their timeouts). A response nobody waits for any more is dropped.
 *
 * <p>Futures complete on the thread that ended the call (an event loop or the timer), so
 * callers chaining work on them should keep it short or use the {@code *Async} variants.
 * Thread-safe.
 */
public final class PendingCalls {
    private static final Logger log = LoggerFactory.getLogger(PendingCalls.class);

    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final Timer timer;

    /** @param timer fires the timeouts; owned by the caller, who stops it */
    public PendingCalls(Timer timer) {
        this.timer = timer;
    }

    private record Call(Channel channel, String address, CompletableFuture<RemotingCommand> future,
                        Timeout timeout) {
    }

    /**
     * Registers {@code request} under its opaque, writes it to {@code channel} and returns its
     * response future; {@code address} names the peer in exceptions.
     */
    public CompletableFuture<RemotingCommand> send(Channel channel, String address, RemotingCommand request,
                                                   long timeoutMillis) {
        int opaque = request.getOpaque();
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        Timeout timeout = timer.newTimeout(t -> expire(opaque, future, address, timeoutMillis),
                timeoutMillis, TimeUnit.MILLISECONDS);
        Call call = new Call(channel, address, future, timeout);
        if (calls.putIfAbsent(opaque, call) != null) {
            timeout.cancel();
            future.completeExceptionally(new RemotingSendException(address,
                    new IllegalStateException("opaque " + opaque + " already awaits a response")));
            return future;
        }
        // The listener goes on the promise before the write leaves this thread (see NettyRemotingChannel).
        channel.writeAndFlush(request, channel.newPromise().addListener(written -> {
            if (!written.isSuccess()) {
                fail(opaque, call, new RemotingSendException(address, written.cause()));
            }
        }));
        return future;
    }

    /** Ends the call a response answers, if it is still pending on that channel. */
    public void complete(Channel channel, RemotingCommand response) {
        int opaque = response.getOpaque();
        Call call = calls.get(opaque);
        if (call == null || call.channel() != channel || !calls.remove(opaque, call)) {
            log.debug("dropped a response from {} (opaque {}, code {}): no call awaits it, it may have timed out",
                    Addresses.format(channel.remoteAddress()), opaque, response.getCode());
            return;
        }
        call.timeout().cancel();
        call.future().complete(response);
    }

    /** Fails every call still waiting on {@code channel}: it closed. */
    public void failAll(Channel channel) {
        calls.forEach((opaque, call) -> {
            if (call.channel() == channel) {
                fail(opaque, call, new RemotingSendException(call.address(),
                        new ClosedChannelException()));
            }
        });
    }

    /** Fails every call: the endpoint is shutting down. */
    public void failAll() {
        calls.forEach((opaque, call) -> fail(opaque, call, new RemotingSendException(call.address(),
                new IllegalStateException("the transport shut down"))));
    }

    /** How many calls await a response. */
    public int size() {
        return calls.size();
    }

    private void expire(int opaque, CompletableFuture<RemotingCommand> future, String address, long timeoutMillis) {
        Call call = calls.get(opaque);
        if (call != null && call.future() == future) {
            fail(opaque, call, new RemotingTimeoutException(address, timeoutMillis));
        }
    }

    private void fail(int opaque, Call call, Exception cause) {
        if (calls.remove(opaque, call)) {
            call.timeout().cancel();
            call.future().completeExceptionally(cause);
        }
    }
}

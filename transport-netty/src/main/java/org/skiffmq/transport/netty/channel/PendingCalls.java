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

    /** One call; its timeout is armed after it is registered, so a timeout never fires before it. */
    private static final class Call {
        final Channel channel;
        final String address;
        final CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        private volatile Timeout timeout;

        Call(Channel channel, String address) {
            this.channel = channel;
            this.address = address;
        }

        void cancelTimeout() {
            Timeout t = timeout;
            if (t != null) {
                t.cancel();
            }
        }
    }

    /**
     * Registers {@code request} under its opaque, writes it to {@code channel} and returns its
     * response future; {@code address} names the peer in exceptions.
     */
    public CompletableFuture<RemotingCommand> send(Channel channel, String address, RemotingCommand request,
                                                   long timeoutMillis) {
        int opaque = request.getOpaque();
        Call call = new Call(channel, address);
        if (calls.putIfAbsent(opaque, call) != null) {
            call.future.completeExceptionally(new RemotingSendException(address,
                    new IllegalStateException("opaque " + opaque + " already awaits a response")));
            return call.future;
        }
        // Registered first, armed second: a timeout that fires at once (a tiny timeout, a slow
        // thread) still finds its call and ends it.
        try {
            call.timeout = timer.newTimeout(t -> fail(opaque, call, new RemotingTimeoutException(address,
                    timeoutMillis)), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // a stopped timer: the call could never time out, so it ends now
            fail(opaque, call, new RemotingSendException(address, e));
            return call.future;
        }
        if (call.future.isDone()) {
            // ended (answered, failed) before its timeout was armed: the new timeout is not needed
            call.cancelTimeout();
            return call.future;
        }
        // The listener goes on the promise before the write leaves this thread (see NettyRemotingChannel).
        channel.writeAndFlush(request, channel.newPromise().addListener(written -> {
            if (!written.isSuccess()) {
                fail(opaque, call, new RemotingSendException(address, written.cause()));
            }
        }));
        return call.future;
    }

    /** Ends the call a response answers, if it is still pending on that channel. */
    public void complete(Channel channel, RemotingCommand response) {
        int opaque = response.getOpaque();
        Call call = calls.get(opaque);
        if (call == null || call.channel != channel || !calls.remove(opaque, call)) {
            log.debug("dropped a response from {} (opaque {}, code {}): no call awaits it, it may have timed out",
                    Addresses.format(channel.remoteAddress()), opaque, response.getCode());
            return;
        }
        call.cancelTimeout();
        call.future.complete(response);
    }

    /** Fails every call still waiting on {@code channel}: it closed. */
    public void failAll(Channel channel) {
        calls.forEach((opaque, call) -> {
            if (call.channel == channel) {
                fail(opaque, call, new RemotingSendException(call.address,
                        new ClosedChannelException()));
            }
        });
    }

    /** Fails every call: the endpoint is shutting down. */
    public void failAll() {
        calls.forEach((opaque, call) -> fail(opaque, call, new RemotingSendException(call.address,
                new IllegalStateException("the transport shut down"))));
    }

    /** How many calls await a response. */
    public int size() {
        return calls.size();
    }

    private void fail(int opaque, Call call, Exception cause) {
        if (calls.remove(opaque, call)) {
            call.cancelTimeout();
            call.future.completeExceptionally(cause);
        }
    }
}

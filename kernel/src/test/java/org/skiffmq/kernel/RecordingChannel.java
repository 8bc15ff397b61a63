package org.skiffmq.kernel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * A connection without a socket, for processor tests: records every answer written to it, by the
 * request it answers, and is closed by hand. It can be told to throw from {@link #isActive()} a
 * number of times, to inject a fault into code that polls it.
 */
public final class RecordingChannel implements RemotingChannel {
    private final ConcurrentLinkedQueue<RemotingCommand> answers = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<RemotingCommand, AtomicInteger> answersByRequest = new ConcurrentHashMap<>();
    private final AtomicInteger isActiveFaults = new AtomicInteger();
    private volatile boolean active = true;

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40_000);
    }

    @Override
    public String remoteAddressString() {
        return "127.0.0.1:40000";
    }

    @Override
    public void writeResponse(RemotingCommand request, RemotingCommand response) {
        answers.add(response);
        answersByRequest.computeIfAbsent(request, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void sendOneway(RemotingCommand request) {
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("a recording channel sends nothing"));
    }

    @Override
    public boolean isActive() {
        if (isActiveFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("isActive() failed on purpose");
        }
        return active;
    }

    @Override
    public void close() {
        active = false;
    }

    /** The next {@code times} calls of {@link #isActive()} throw. */
    public void failIsActive(int times) {
        isActiveFaults.set(times);
    }

    /** How many of the injected {@link #isActive()} faults have not been thrown yet. */
    public int isActiveFaultsLeft() {
        return isActiveFaults.get();
    }

    /** Every answer written, in order. */
    public List<RemotingCommand> answers() {
        return List.copyOf(answers);
    }

    /** How many answers were written to {@code request}. */
    public int answerCount(RemotingCommand request) {
        AtomicInteger n = answersByRequest.get(request);
        return n == null ? 0 : n.get();
    }
}

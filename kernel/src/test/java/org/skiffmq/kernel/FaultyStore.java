package org.skiffmq.kernel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageArrivalListener;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;

/**
 * A real store with faults injected on demand: the next n reads ({@code getMessages}) or max
 * offset lookups throw, then the store works again. Puts can also be held: each stores at once,
 * but its future completes only when the test releases it, on the test's thread (as a group
 * commit completes it on the store's thread), with the store's result or an exception.
 */
public final class FaultyStore implements MessageStore {
    private final MessageStore store;
    private final AtomicInteger readFaults = new AtomicInteger();
    private final AtomicInteger maxOffsetFaults = new AtomicInteger();
    private final LinkedBlockingQueue<Held> heldPuts = new LinkedBlockingQueue<>();
    private volatile boolean holdPuts;

    private record Held(PutResult result, CompletableFuture<PutResult> future) {
    }

    public FaultyStore(MessageStore store) {
        this.store = store;
    }

    public void failReads(int times) {
        readFaults.set(times);
    }

    public void failMaxOffset(int times) {
        maxOffsetFaults.set(times);
    }

    public int maxOffsetFaultsLeft() {
        return maxOffsetFaults.get();
    }

    /** From now on, puts complete only when released. */
    public void holdPuts() {
        holdPuts = true;
    }

    /** Completes the oldest held put with the store's result, on the calling thread (waits up to 10 s for one). */
    public void releasePut() throws InterruptedException {
        Held held = nextHeld();
        held.future().complete(held.result());
    }

    /** Completes the oldest held put exceptionally, on the calling thread (waits up to 10 s for one). */
    public void failPut(Throwable error) throws InterruptedException {
        nextHeld().future().completeExceptionally(error);
    }

    private Held nextHeld() throws InterruptedException {
        Held held = heldPuts.poll(10, TimeUnit.SECONDS);
        if (held == null) {
            throw new IllegalStateException("no put is held");
        }
        return held;
    }

    private CompletableFuture<PutResult> maybeHold(CompletableFuture<PutResult> put) {
        if (!holdPuts) {
            return put;
        }
        CompletableFuture<PutResult> later = new CompletableFuture<>();
        heldPuts.add(new Held(put.join(), later));
        return later;
    }

    private static boolean take(AtomicInteger faults) {
        return faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public void start() throws java.io.IOException {
        store.start();
    }

    @Override
    public CompletableFuture<PutResult> put(BrokerMessage message) {
        return maybeHold(store.put(message));
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<BrokerMessage> messages) {
        return maybeHold(store.putBatch(messages));
    }

    @Override
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
            MessageFilter filter) {
        if (take(readFaults)) {
            throw new IllegalStateException("read failed on purpose");
        }
        return store.getMessages(topic, queueId, offset, maxCount, maxBytes, filter);
    }

    @Override
    public StoredMessage readMessage(long physicalOffset) {
        return store.readMessage(physicalOffset);
    }

    @Override
    public long maxQueueOffset(String topic, int queueId) {
        if (take(maxOffsetFaults)) {
            throw new IllegalStateException("max offset lookup failed on purpose");
        }
        return store.maxQueueOffset(topic, queueId);
    }

    @Override
    public long minQueueOffset(String topic, int queueId) {
        return store.minQueueOffset(topic, queueId);
    }

    @Override
    public long maxPhysicalOffset() {
        return store.maxPhysicalOffset();
    }

    @Override
    public long queueOffsetByTime(String topic, int queueId, long timestamp, BoundaryType boundary) {
        return store.queueOffsetByTime(topic, queueId, timestamp, boundary);
    }

    @Override
    public Set<Integer> queueIds(String topic) {
        return store.queueIds(topic);
    }

    @Override
    public void setArrivalListener(MessageArrivalListener listener) {
        store.setArrivalListener(listener);
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }
}

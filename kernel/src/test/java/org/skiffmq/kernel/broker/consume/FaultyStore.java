package org.skiffmq.kernel.broker.consume;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * offset lookups throw, then the store works again.
 */
final class FaultyStore implements MessageStore {
    private final MessageStore store;
    private final AtomicInteger readFaults = new AtomicInteger();
    private final AtomicInteger maxOffsetFaults = new AtomicInteger();

    FaultyStore(MessageStore store) {
        this.store = store;
    }

    void failReads(int times) {
        readFaults.set(times);
    }

    void failMaxOffset(int times) {
        maxOffsetFaults.set(times);
    }

    int maxOffsetFaultsLeft() {
        return maxOffsetFaults.get();
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
        return store.put(message);
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<BrokerMessage> messages) {
        return store.putBatch(messages);
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

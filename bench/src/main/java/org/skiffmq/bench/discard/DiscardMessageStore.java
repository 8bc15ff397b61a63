package org.skiffmq.bench.discard;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/**
 * Counts instead of storing. Each put takes the next queue offset of its queue and a physical
 * offset advanced by an estimate of the record size, and completes at once with PUT_OK whatever
 * the flush mode. Nothing is readable: every queue's min offset equals its max offset, so a
 * consumer is told it is at the end. Thread-safe (atomic counters); owns no files.
 */
final class DiscardMessageStore implements MessageStore {
    /** Roughly a stored record's fixed fields; only makes physical offsets look plausible. */
    private static final int RECORD_OVERHEAD = 100;

    private final Clock clock;
    private final AtomicLong physicalOffset = new AtomicLong();
    private final Map<String, Map<Integer, AtomicLong>> queueOffsets = new ConcurrentHashMap<>();

    DiscardMessageStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void start() {
    }

    @Override
    public CompletableFuture<PutResult> put(BrokerMessage message) {
        long queueOffset = counter(message.getTopic(), message.getQueueId()).getAndIncrement();
        long physical = physicalOffset.getAndAdd(sizeOf(message));
        return CompletableFuture.completedFuture(
                new PutResult(PutStatus.PUT_OK, new long[] {physical}, queueOffset, clock.millis(), null));
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<BrokerMessage> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(PutResult.failed(PutStatus.MESSAGE_ILLEGAL, "the batch is empty"));
        }
        BrokerMessage first = messages.get(0);
        long queueOffset = counter(first.getTopic(), first.getQueueId()).getAndAdd(messages.size());
        long[] physical = new long[messages.size()];
        for (int i = 0; i < physical.length; i++) {
            physical[i] = physicalOffset.getAndAdd(sizeOf(messages.get(i)));
        }
        return CompletableFuture.completedFuture(
                new PutResult(PutStatus.PUT_OK, physical, queueOffset, clock.millis(), null));
    }

    @Override
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
            MessageFilter filter) {
        Map<Integer, AtomicLong> queues = queueOffsets.get(topic);
        AtomicLong next = queues == null ? null : queues.get(queueId);
        if (next == null) {
            return new GetResult(GetStatus.NO_MATCHED_LOGIC_QUEUE, List.of(), 0, 0, 0);
        }
        long end = next.get();
        GetStatus status = offset < end ? GetStatus.OFFSET_TOO_SMALL
                : offset == end ? GetStatus.OFFSET_OVERFLOW_ONE : GetStatus.OFFSET_OVERFLOW_BADLY;
        return new GetResult(status, List.of(), end, end, end);
    }

    @Override
    public StoredMessage readMessage(long physicalOffset) {
        return null;
    }

    @Override
    public long maxQueueOffset(String topic, int queueId) {
        Map<Integer, AtomicLong> queues = queueOffsets.get(topic);
        AtomicLong next = queues == null ? null : queues.get(queueId);
        return next == null ? 0 : next.get();
    }

    @Override
    public long minQueueOffset(String topic, int queueId) {
        return maxQueueOffset(topic, queueId);
    }

    @Override
    public long maxPhysicalOffset() {
        return physicalOffset.get();
    }

    @Override
    public long queueOffsetByTime(String topic, int queueId, long timestamp, BoundaryType boundary) {
        return maxQueueOffset(topic, queueId);
    }

    @Override
    public Set<Integer> queueIds(String topic) {
        Map<Integer, AtomicLong> queues = queueOffsets.get(topic);
        return queues == null ? Set.of() : Set.copyOf(queues.keySet());
    }

    @Override
    public void shutdown() {
    }

    private AtomicLong counter(String topic, int queueId) {
        return queueOffsets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(queueId, q -> new AtomicLong());
    }

    private static int sizeOf(BrokerMessage message) {
        byte[] body = message.getBody();
        return RECORD_OVERHEAD + (body == null ? 0 : body.length) + message.getTopic().length();
    }
}

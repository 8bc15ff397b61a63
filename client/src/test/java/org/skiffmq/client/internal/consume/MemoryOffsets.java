package org.skiffmq.client.internal.consume;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.message.MessageQueue;

/** Offsets in memory only, for tests that drive the consume side without persisting anything. */
class MemoryOffsets implements OffsetStore {
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();

    @Override
    public long readPersisted(MessageQueue queue) {
        return offsets.getOrDefault(queue, -1L);
    }

    @Override
    public void update(MessageQueue queue, long offset, boolean increaseOnly) {
        offsets.merge(queue, offset, (old, now) -> increaseOnly ? Math.max(old, now) : now);
    }

    @Override
    public long current(MessageQueue queue) {
        return offsets.getOrDefault(queue, -1L);
    }

    @Override
    public void persist(Collection<MessageQueue> queues) {
    }

    @Override
    public void persistAndWait(Collection<MessageQueue> queues) {
    }

    @Override
    public void forget(MessageQueue queue) {
    }
}

package org.skiffmq.client.internal.consume;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustering group's offsets, kept by the broker of each queue: read with
 * QUERY_CONSUMER_OFFSET, committed with UPDATE_CONSUMER_OFFSET (one-way on the periodic round, as
 * RocketMQ's push consumer does; two-way when the caller must know it arrived). Thread-safe.
 */
final class BrokerOffsetStore implements OffsetStore {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerOffsetStore.class);

    private final BrokerCalls calls;
    private final String group;
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();

    BrokerOffsetStore(BrokerCalls calls, String group) {
        this.calls = calls;
        this.group = group;
    }

    @Override
    public long readPersisted(MessageQueue queue) throws ClientException, InterruptedException {
        return calls.queryConsumerOffset(queue, group);
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
        commit(queues, false);
    }

    @Override
    public void persistAndWait(Collection<MessageQueue> queues) {
        commit(queues, true);
    }

    private void commit(Collection<MessageQueue> queues, boolean waitForBroker) {
        for (MessageQueue queue : queues) {
            Long offset = offsets.get(queue);
            if (offset == null || offset < 0) {
                continue;
            }
            try {
                calls.updateConsumerOffset(queue, group, offset, waitForBroker);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ClientException e) {
                LOG.warn("Consumer group {} could not commit offset {} of {}: {}", group, offset, queue,
                        e.getMessage());
            }
        }
    }

    @Override
    public void forget(MessageQueue queue) {
        offsets.remove(queue);
    }
}

package org.skiffmq.client.internal.consume;

import java.util.Collection;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;

/**
 * Where a consumer keeps its position in each queue: the offset of the next message to consume.
 * Offsets move in memory as messages are consumed and are written out by {@link #persist}:
 * to the broker for clustering consumers, to a local file for broadcasting ones. Thread-safe.
 */
interface OffsetStore {

    /** Loads what was persisted before; called once at start. */
    default void load() throws ClientException {
    }

    /**
     * The persisted offset of a queue, or -1 when there is none.
     *
     * @throws ClientException when the store cannot say (the queue is skipped until the next rebalance)
     */
    long readPersisted(MessageQueue queue) throws ClientException, InterruptedException;

    /** Sets the in-memory offset; with {@code increaseOnly} an offset lower than the current one is ignored. */
    void update(MessageQueue queue, long offset, boolean increaseOnly);

    /** The in-memory offset, or -1 when there is none. */
    long current(MessageQueue queue);

    /** Writes out the in-memory offsets of these queues; failures are logged, the next round tries again. */
    void persist(Collection<MessageQueue> queues);

    /** Writes out one queue's offset and waits until it is stored: before its lock is given up or at shutdown. */
    void persistAndWait(Collection<MessageQueue> queues);

    /** Forgets a queue that is no longer assigned. */
    void forget(MessageQueue queue);
}

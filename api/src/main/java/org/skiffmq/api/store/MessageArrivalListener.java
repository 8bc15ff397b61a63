package org.skiffmq.api.store;

/**
 * Told of each message the moment it becomes readable, so the broker can answer pulls that wait
 * for it (long polling) at once instead of on a timer. Called on the appending thread: return
 * quickly and never block.
 */
@FunctionalInterface
public interface MessageArrivalListener {

    /**
     * @param topic       the message's topic
     * @param queueId     its queue
     * @param queueOffset its queue offset; the queue's max offset is now {@code queueOffset + 1}
     * @param tagsCode    its tag hash, for filtering
     */
    void onArrival(String topic, int queueId, long queueOffset, long tagsCode);
}

package org.skiffmq.client.internal.consume;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.skiffmq.api.message.MessageQueue;

/**
 * One queue this consumer is assigned (RocketMQ's ProcessQueue): its unconsumed messages, where
 * the next pull starts, whether the queue was taken away (dropped: its pulls and consumes stop,
 * and nothing more is committed for it), and for orderly consumers the broker lock and the lock
 * that lets one thread at a time consume it.
 */
final class QueueState {
    final MessageQueue queue;
    final UnconsumedMessages messages;
    /** Held while an orderly listener consumes the queue; unlocking on the broker waits for it. */
    final ReentrantLock consumeLock = new ReentrantLock();
    /** Orderly: a consume task for the queue is queued or running. */
    final AtomicBoolean consumeScheduled = new AtomicBoolean();
    private volatile boolean dropped;
    private volatile long pullOffset;
    private volatile long lockedAtMillis = -1;

    QueueState(MessageQueue queue, long startOffset) {
        this.queue = queue;
        this.messages = new UnconsumedMessages(startOffset);
        this.pullOffset = startOffset;
    }

    boolean dropped() {
        return dropped;
    }

    void drop() {
        dropped = true;
    }

    long pullOffset() {
        return pullOffset;
    }

    void pullFrom(long offset) {
        pullOffset = offset;
    }

    void locked(long nowMillis) {
        lockedAtMillis = nowMillis;
    }

    void lockLost() {
        lockedAtMillis = -1;
    }

    /** Orderly: the broker granted this client the queue's lock less than {@code validMillis} ago. */
    boolean holdsLock(long nowMillis, long validMillis) {
        long at = lockedAtMillis;
        return at >= 0 && nowMillis - at < validMillis;
    }
}

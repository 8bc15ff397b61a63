package org.skiffmq.store.mmap.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.skiffmq.api.store.MessageArrivalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registered {@link MessageArrivalListener} of each message a put made readable, so a
 * held pull is answered at once. Called on the putting thread after the append lock is released.
 * A listener that throws never fails the put: failures are counted and logged at WARN for the
 * first one and then once per {@link #LOG_EVERY}. With no listener a put pays one volatile read.
 *
 * <p>Threading: {@link #set} from any thread; the notify methods from any putting thread at once.
 */
final class ArrivalNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ArrivalNotifier.class);
    static final long LOG_EVERY = 10_000;

    private final AtomicLong failures = new AtomicLong();
    private volatile MessageArrivalListener listener;

    /** Replaces the listener; null stops notifications. */
    void set(MessageArrivalListener newListener) {
        listener = newListener;
    }

    void arrived(String topic, int queueId, long queueOffset, long tagsCode) {
        MessageArrivalListener l = listener;
        if (l != null) {
            tell(l, topic, queueId, queueOffset, tagsCode);
        }
    }

    /** A batch of one queue: consecutive offsets from {@code firstQueueOffset}, one tag hash each. */
    void arrived(String topic, int queueId, long firstQueueOffset, long[] tagsCodes) {
        MessageArrivalListener l = listener;
        if (l != null) {
            for (int i = 0; i < tagsCodes.length; i++) {
                tell(l, topic, queueId, firstQueueOffset + i, tagsCodes[i]);
            }
        }
    }

    /** How many times the listener has thrown. */
    long failures() {
        return failures.get();
    }

    private void tell(MessageArrivalListener l, String topic, int queueId, long queueOffset, long tagsCode) {
        try {
            l.onArrival(topic, queueId, queueOffset, tagsCode);
        } catch (Throwable t) { // the message is stored whatever the listener does
            long n = failures.incrementAndGet();
            if (n == 1 || n % LOG_EVERY == 0) {
                LOG.warn("the arrival listener threw ({} times so far, logged once per {}); the put succeeded and"
                        + " held pulls wait for the broker's re-check instead", n, LOG_EVERY, t);
            }
        }
    }
}

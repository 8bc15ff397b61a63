package org.skiffmq.client.consumer;

import org.skiffmq.api.message.MessageQueue;

/**
 * One call of a {@link MessageListenerOrderly}: the queue the messages came from, and how long
 * the queue pauses after SUSPEND_CURRENT_QUEUE_A_MOMENT (default 1 s). Used by one thread.
 */
public final class ConsumeOrderlyContext {
    static final long DEFAULT_SUSPEND_MILLIS = 1000;

    private final MessageQueue messageQueue;
    private long suspendCurrentQueueTimeMillis = DEFAULT_SUSPEND_MILLIS;

    public ConsumeOrderlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    public MessageQueue messageQueue() {
        return messageQueue;
    }

    public long suspendCurrentQueueTimeMillis() {
        return suspendCurrentQueueTimeMillis;
    }

    public void setSuspendCurrentQueueTimeMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("suspend time must be 0 or more milliseconds, was " + millis);
        }
        this.suspendCurrentQueueTimeMillis = millis;
    }
}

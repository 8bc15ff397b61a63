package org.skiffmq.client.consumer;

import org.skiffmq.api.message.MessageQueue;

/**
 * One call of a {@link MessageListenerConcurrently}: the queue the messages came from, and the
 * delay level the listener wants for a RECONSUME_LATER (0, the default, lets the broker choose:
 * level 3 + the message's reconsume times). Used by one thread.
 */
public final class ConsumeConcurrentlyContext {
    private final MessageQueue messageQueue;
    private int delayLevelWhenNextConsume;

    public ConsumeConcurrentlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    public MessageQueue messageQueue() {
        return messageQueue;
    }

    public int delayLevelWhenNextConsume() {
        return delayLevelWhenNextConsume;
    }

    /** Delay level 1..18 (1 s … 2 h) for messages this call returns with RECONSUME_LATER; 0 = broker's choice. */
    public void setDelayLevelWhenNextConsume(int delayLevel) {
        if (delayLevel < 0) {
            throw new IllegalArgumentException("delay level must be 0 (broker's choice) or 1..18, was " + delayLevel);
        }
        this.delayLevelWhenNextConsume = delayLevel;
    }
}

package org.skiffmq.client.consumer;

/** What a {@link MessageListenerOrderly} says about the messages it was given. */
public enum ConsumeOrderlyStatus {
    /** Consumed; the queue moves on to the next message. */
    SUCCESS,
    /** Not consumed: the queue stops for the context's suspend time, then the same messages come again. */
    SUSPEND_CURRENT_QUEUE_A_MOMENT
}

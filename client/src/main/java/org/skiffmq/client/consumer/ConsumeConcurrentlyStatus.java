package org.skiffmq.client.consumer;

/** What a {@link MessageListenerConcurrently} says about the messages it was given. */
public enum ConsumeConcurrentlyStatus {
    /** Consumed; the offset may move past them. */
    CONSUME_SUCCESS,
    /** Not consumed: each message goes to the group's retry topic and comes back after a delay. */
    RECONSUME_LATER
}

package org.skiffmq.client.producer;

import java.util.List;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;

/**
 * Picks the queue of a send yourself, e.g. the same queue for every message of one order so they
 * are consumed in order. Such sends are not retried on another queue, which would break the order.
 */
@FunctionalInterface
public interface MessageQueueSelector {

    /**
     * @param queues the topic's writable queues, sorted by broker name then queue id
     * @param arg    what the caller passed to the send, e.g. an order id
     * @return one of {@code queues}
     */
    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);

    /** The queue at {@code arg.hashCode()} modulo the queue count: one key, one queue, while the route stays. */
    static MessageQueueSelector byHash() {
        return (queues, message, arg) -> queues.get(Math.floorMod(arg == null ? 0 : arg.hashCode(), queues.size()));
    }
}

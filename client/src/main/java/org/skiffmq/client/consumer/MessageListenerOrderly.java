package org.skiffmq.client.consumer;

import java.util.List;
import org.skiffmq.api.message.StoredMessage;

/**
 * Consumes each queue's messages one batch at a time, in queue order (RocketMQ's
 * MessageListenerOrderly). In clustering mode a queue is consumed only while this client holds
 * its lock on the broker, so no other member consumes it at the same time.
 */
@FunctionalInterface
public interface MessageListenerOrderly {

    /** Consumes a batch of one queue, in order. Throwing or returning null counts as SUSPEND_CURRENT_QUEUE_A_MOMENT. */
    ConsumeOrderlyStatus consumeMessage(List<StoredMessage> messages, ConsumeOrderlyContext context);
}

package org.skiffmq.client.consumer;

import java.util.List;
import org.skiffmq.api.message.StoredMessage;

/**
 * Consumes messages on many threads at once, in no particular order (RocketMQ's
 * MessageListenerConcurrently). A message from the group's retry topic arrives with its original
 * topic and its reconsume count.
 */
@FunctionalInterface
public interface MessageListenerConcurrently {

    /**
     * Consumes a batch (one message unless the builder says otherwise). Throwing or returning
     * null counts as RECONSUME_LATER.
     */
    ConsumeConcurrentlyStatus consumeMessage(List<StoredMessage> messages, ConsumeConcurrentlyContext context);
}

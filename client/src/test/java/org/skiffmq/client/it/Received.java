package org.skiffmq.client.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeConcurrentlyStatus;
import org.skiffmq.client.consumer.MessageListenerConcurrently;

/** A listener that records every message it consumes, by message id, with its arrival time. */
final class Received implements MessageListenerConcurrently {
    final Map<String, StoredMessage> byId = new ConcurrentHashMap<>();
    final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<StoredMessage> messages,
            org.skiffmq.client.consumer.ConsumeConcurrentlyContext context) {
        for (StoredMessage m : messages) {
            arrivedAt.putIfAbsent(m.getMsgId(), System.currentTimeMillis());
            if (byId.putIfAbsent(m.getMsgId(), m) != null) {
                duplicates.incrementAndGet();
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    int distinct() {
        return byId.size();
    }

    int duplicates() {
        return duplicates.get();
    }
}

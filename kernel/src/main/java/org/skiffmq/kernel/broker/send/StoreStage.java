package org.skiffmq.kernel.broker.send;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.kernel.broker.stats.BrokerStats;
import org.skiffmq.kernel.metrics.BrokerMetrics;
import org.skiffmq.kernel.metrics.MessageType;

/**
 * Stage 5: puts the message(s) into the store. The only asynchronous stage: under sync flush the
 * future completes when the group commit covering the message is on disk.
 */
final class StoreStage {
    private final MessageStore store;
    private final BrokerStats stats;

    StoreStage(MessageStore store, BrokerStats stats) {
        this.store = store;
        this.stats = stats;
    }

    CompletableFuture<PutResult> apply(SendExchange exchange) {
        CompletableFuture<PutResult> put = exchange.header().batch() ? store.putBatch(exchange.messages())
                : store.put(exchange.messages().get(0));
        return put.whenComplete((result, error) -> {
            if (result != null && result.isOk()) {
                List<BrokerMessage> messages = exchange.messages();
                stats.recordPut(messages.get(0).getTopic(), messages.size());
                BrokerMetrics metrics = stats.metrics();
                if (metrics != BrokerMetrics.NONE) {
                    long bytes = 0;
                    for (BrokerMessage m : messages) {
                        bytes += m.getBody() == null ? 0 : m.getBody().length;
                    }
                    BrokerMessage first = messages.get(0);
                    metrics.messagesIn(first.getTopic(), MessageType.of(first), messages.size(), bytes);
                }
            }
        });
    }
}

package org.skiffmq.kernel.broker.send;

import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;

/**
 * Stage 5: puts the message(s) into the store. The only asynchronous stage: under sync flush the
 * future completes when the group commit covering the message is on disk.
 */
final class StoreStage {
    private final MessageStore store;

    StoreStage(MessageStore store) {
        this.store = store;
    }

    CompletableFuture<PutResult> apply(SendExchange exchange) {
        return exchange.header().batch() ? store.putBatch(exchange.messages()) : store.put(exchange.messages().get(0));
    }
}

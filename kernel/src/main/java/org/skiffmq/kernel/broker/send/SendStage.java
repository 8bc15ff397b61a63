package org.skiffmq.kernel.broker.send;

import org.skiffmq.api.hook.SendRejectedException;

/** One step of the broker's send pipeline before the store. */
interface SendStage {

    /**
     * Does this stage's work on the exchange.
     *
     * @throws SendRejectedException to answer the producer with its code and remark; nothing is stored
     */
    void apply(SendExchange exchange) throws SendRejectedException;
}

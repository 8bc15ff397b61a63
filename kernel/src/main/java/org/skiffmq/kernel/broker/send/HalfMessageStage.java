package org.skiffmq.kernel.broker.send;

import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.broker.transaction.HalfMessages;

/**
 * Stage 5: a transactional send is stored as a half message, invisible to the real topic's
 * consumers until its transaction is committed. Runs after the hooks, so they see the topic the
 * producer chose; the answer still names the real queue, and the half message's offsets, which
 * the producer echoes in its END_TRANSACTION.
 */
final class HalfMessageStage implements SendStage {

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        if (!HalfMessages.isPrepared(exchange.header().sysFlag())) {
            return;
        }
        if (exchange.header().batch()) {
            throw new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, "a batch cannot be transactional; send"
                    + " each transactional message on its own");
        }
        BrokerMessage message = exchange.messages().get(0);
        message.removeProperty(MessageProperties.DELAY); // a half message is never delayed
        HalfMessages.toHalf(message);
    }
}

package org.skiffmq.client.internal.instance;

import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.transport.RemotingChannel;

/** Who answers a broker's CHECK_TRANSACTION_STATE for one producer group; called on a client thread, must not block. */
@FunctionalInterface
public interface TransactionChecker {
    void check(RemotingChannel channel, RemotingCommand request, StoredMessage message);
}

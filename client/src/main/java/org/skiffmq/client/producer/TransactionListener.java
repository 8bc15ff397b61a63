package org.skiffmq.client.producer;

import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.StoredMessage;

/**
 * The application's side of a transactional send (RocketMQ's TransactionListener): run the local
 * transaction once the half message is stored, and say later how it ended when the broker asks.
 * An exception or null counts as {@link TransactionState#UNKNOWN}.
 */
public interface TransactionListener {

    /** Runs the local transaction for a stored half message; on the sending thread. */
    TransactionState executeLocal(Message message, Object arg);

    /**
     * The broker asks how the transaction of a half message ended (it had no answer, or the answer
     * was lost); runs on the producer's check thread, one check at a time.
     */
    TransactionState check(StoredMessage message);
}

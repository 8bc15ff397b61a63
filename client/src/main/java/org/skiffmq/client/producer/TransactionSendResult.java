package org.skiffmq.client.producer;

/**
 * A transactional send: the half message's acknowledgement, and what the local transaction said
 * (ROLLBACK without running it when the half message was not stored).
 */
public record TransactionSendResult(SendResult sendResult, TransactionState localState) {
}

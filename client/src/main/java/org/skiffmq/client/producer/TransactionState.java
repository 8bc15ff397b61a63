package org.skiffmq.client.producer;

/** What a local transaction, or a check of it, says about a half message. */
public enum TransactionState {
    /** Deliver the message. */
    COMMIT(8),
    /** Never deliver it. */
    ROLLBACK(12),
    /** Not known yet: the broker checks back later. */
    UNKNOWN(0);

    private final int wireValue;

    TransactionState(int wireValue) {
        this.wireValue = wireValue;
    }

    /** END_TRANSACTION's {@code commitOrRollback} for this state. */
    public int wireValue() {
        return wireValue;
    }
}

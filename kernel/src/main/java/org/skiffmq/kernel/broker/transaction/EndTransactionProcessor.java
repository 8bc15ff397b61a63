package org.skiffmq.kernel.broker.transaction;

import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37): a producer's outcome for a half message, after its local transaction or
 * in answer to a check. Clients send it one-way, so a refusal is also logged: the producer never
 * reads the remark.
 *
 * <pre>
 *   producerGroup*  tranStateTableOffset*  commitLogOffset*  commitOrRollback* (0 unknown, 8 commit, 12 rollback)
 *   fromTransactionCheck  msgId*  transactionId
 * </pre>
 */
public final class EndTransactionProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(EndTransactionProcessor.class);
    static final int UNKNOWN = 0;
    static final int COMMIT = 8;
    static final int ROLLBACK = 12;

    private final TransactionService transactions;
    private final MessageStore store;

    public EndTransactionProcessor(TransactionService transactions, MessageStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("producerGroup");
        long tranStateTableOffset = request.requiredLongExt("tranStateTableOffset");
        long commitLogOffset = request.requiredLongExt("commitLogOffset");
        int type = request.requiredIntExt("commitOrRollback");
        String msgId = request.requiredExt("msgId");
        boolean fromCheck = request.booleanExt("fromTransactionCheck", false);
        if (!transactions.enabled()) {
            return refuse(channel, msgId, ResponseCode.NO_PERMISSION, "transactions are turned off on this broker"
                    + " (transactions.enabled: false)");
        }
        if (!store.replicaRole().master()) {
            return refuse(channel, msgId, ResponseCode.SLAVE_NOT_AVAILABLE, "this broker is not its group's master;"
                    + " end the transaction on the master");
        }
        TransactionService.Outcome outcome;
        switch (type) {
            case COMMIT -> outcome = TransactionService.Outcome.COMMIT;
            case ROLLBACK -> outcome = TransactionService.Outcome.ROLLBACK;
            case UNKNOWN -> {
                // The producer does not know yet: the half message stays open and is checked later.
                LOG.debug("transaction {} of group {}: outcome unknown{}", msgId, group, fromCheck ? " (check)" : "");
                return RemotingCommand.response(ResponseCode.SUCCESS, null);
            }
            default -> {
                return refuse(channel, msgId, ResponseCode.SYSTEM_ERROR, "commitOrRollback " + type + " is none of 0"
                        + " (unknown), 8 (commit) and 12 (rollback)");
            }
        }
        TransactionService.Ended ended = transactions.end(group, tranStateTableOffset, commitLogOffset, outcome,
                fromCheck);
        if (ended.code() != ResponseCode.SUCCESS) {
            return refuse(channel, msgId, ended.code(), ended.remark());
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, ended.remark());
    }

    private static RemotingCommand refuse(RemotingChannel channel, String msgId, int code, String remark) {
        LOG.warn("END_TRANSACTION for {} from {} refused: {}", msgId, channel.remoteAddressString(), remark);
        return RemotingCommand.response(code, remark);
    }
}

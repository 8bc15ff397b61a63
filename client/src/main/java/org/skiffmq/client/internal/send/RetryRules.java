package org.skiffmq.client.internal.send;

import java.util.Set;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.client.BrokerException;

/**
 * Which failed attempts are worth another try, on another broker. Connection failures and
 * timeouts are; so are the broker answers that say the broker, not the message, is the problem:
 * SYSTEM_ERROR, SYSTEM_BUSY, SERVICE_NOT_AVAILABLE, NO_PERMISSION, TOPIC_NOT_EXIST (RocketMQ's
 * list, plus SYSTEM_BUSY: a busy broker is a reason to try a less busy one). Anything else, above
 * all MESSAGE_ILLEGAL, would fail the same way everywhere.
 */
final class RetryRules {
    private static final int NO_BUYER_ID = 204;
    private static final int NOT_IN_CURRENT_UNIT = 205;
    private static final Set<Integer> RETRYABLE_CODES = Set.of(ResponseCode.SYSTEM_ERROR, ResponseCode.SYSTEM_BUSY,
            ResponseCode.SERVICE_NOT_AVAILABLE, ResponseCode.NO_PERMISSION, ResponseCode.TOPIC_NOT_EXIST, NO_BUYER_ID,
            NOT_IN_CURRENT_UNIT);

    private RetryRules() {
    }

    /** Whether another attempt could succeed; also whether the broker is to blame (for the fault strategy). */
    static boolean retryable(Throwable failure) {
        if (failure instanceof RemotingException) {
            return true;
        }
        return failure instanceof BrokerException broker && RETRYABLE_CODES.contains(broker.responseCode());
    }
}

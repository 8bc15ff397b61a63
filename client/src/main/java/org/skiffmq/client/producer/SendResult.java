package org.skiffmq.client.producer;

import java.util.List;
import org.skiffmq.api.message.MessageQueue;

/**
 * A broker's acknowledgement of a send, with the names RocketMQ's SendResult uses.
 *
 * @param sendStatus    how the broker acknowledged it
 * @param msgId         the message's UNIQ_KEY, the id consumers see (a batch: the keys joined by commas)
 * @param offsetMsgId   the broker's id of the stored record: store host and commit-log offset
 *                      (a batch: the ids joined by commas)
 * @param messageQueue  the queue the message was stored in
 * @param queueOffset   its offset in that queue (a batch: the first message's)
 * @param transactionId the broker's {@code transactionId}, normally the UNIQ_KEY, or null
 * @param regionId      the broker's region ({@code DefaultRegion} when it names none)
 * @param traceOn       whether the broker has message tracing on
 * @param attempts      every try this send made, in order; the last one succeeded
 */
public record SendResult(SendStatus sendStatus, String msgId, String offsetMsgId, MessageQueue messageQueue,
        long queueOffset, String transactionId, String regionId, boolean traceOn, List<SendAttempt> attempts) {

    public SendResult {
        attempts = List.copyOf(attempts);
    }

    /** How many tries the send took (1 when the first one succeeded). */
    public int attemptCount() {
        return attempts.size();
    }

    /** A copy with the send's full list of attempts. */
    public SendResult withAttempts(List<SendAttempt> all) {
        return new SendResult(sendStatus, msgId, offsetMsgId, messageQueue, queueOffset, transactionId, regionId,
                traceOn, all);
    }
}

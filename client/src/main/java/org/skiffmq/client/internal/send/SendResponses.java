package org.skiffmq.client.internal.send;

import java.util.List;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.producer.SendResult;
import org.skiffmq.client.producer.SendStatus;

/**
 * Reads a broker's answer to a send. SUCCESS, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT and
 * SLAVE_NOT_AVAILABLE mean the message is stored and carry {@code msgId} (the offset id),
 * {@code queueId} and {@code queueOffset}; any other code is the broker refusing it.
 */
final class SendResponses {
    private static final String DEFAULT_REGION = "DefaultRegion";

    private SendResponses() {
    }

    /**
     * @param queue the queue the request went to; the answer's queueId wins, as in RocketMQ
     * @throws BrokerException when the broker did not store the message
     */
    static SendResult read(RemotingCommand response, MessageQueue queue, String brokerAddress, String msgId)
            throws BrokerException {
        SendStatus status = switch (response.getCode()) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new BrokerException(response.getCode(), response.getRemark(), queue.brokerName(),
                    brokerAddress);
        };
        int queueId = response.intExt("queueId", queue.queueId());
        String region = response.ext(MessageProperties.MSG_REGION);
        return new SendResult(status, msgId, response.ext("msgId"),
                new MessageQueue(queue.topic(), queue.brokerName(), queueId), response.longExt("queueOffset", -1),
                response.ext("transactionId"), region == null || region.isEmpty() ? DEFAULT_REGION : region,
                !"false".equals(response.ext(MessageProperties.TRACE_ON)), List.of());
    }
}

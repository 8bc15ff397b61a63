package org.skiffmq.client.internal.consume;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a message the listener could not consume back for a later retry. First
 * CONSUMER_SEND_MSG_BACK, which lets the broker copy the stored message into the group's retry
 * topic (or its DLQ after the maximum reconsume count); if the broker cannot, the client sends the
 * message to {@code %RETRY%<group>} itself with SEND_MESSAGE_V2, as RocketMQ's client does: the
 * original topic in {@code RETRY_TOPIC}, reconsume times + 1 and the maximum in header fields
 * {@code j}/{@code l}, delay level 3 + reconsume times.
 */
final class MessageReturner {
    private static final Logger LOG = LoggerFactory.getLogger(MessageReturner.class);
    /** The producer group RocketMQ clients use for their own sends. */
    private static final String INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";

    private final BrokerCalls calls;
    private final String group;
    private final String retryTopic;
    private final int maxReconsumeTimes;

    MessageReturner(BrokerCalls calls, String group, int maxReconsumeTimes) {
        this.calls = calls;
        this.group = group;
        this.retryTopic = ConsumerEngine.RETRY_PREFIX + group;
        this.maxReconsumeTimes = maxReconsumeTimes;
    }

    /**
     * Returns the message to its broker for a retry.
     *
     * @param delayLevel the listener's choice, 0 to let the broker choose
     * @return false when neither way worked: the caller consumes the message again locally
     */
    boolean giveBack(StoredMessage message, String brokerName, int delayLevel) throws InterruptedException {
        try {
            sendBack(message, brokerName, delayLevel);
            return true;
        } catch (ClientException e) {
            LOG.warn("Broker {} did not take message {} back ({}); sending it to {} directly", brokerName,
                    message.getMsgId(), e.getMessage(), retryTopic);
        }
        try {
            resend(message, brokerName);
            return true;
        } catch (ClientException e) {
            LOG.warn("Could not send message {} to {} either ({}); it is consumed again here", message.getMsgId(),
                    retryTopic, e.getMessage());
            return false;
        }
    }

    private void sendBack(StoredMessage message, String brokerName, int delayLevel)
            throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", message.getPhysicalOffset())
                .putExt("group", group)
                .putExt("delayLevel", delayLevel)
                .putExt("originMsgId", message.getMsgId())
                .putExt("originTopic", message.getTopic())
                .putExt("unitMode", "false")
                .putExt("maxReconsumeTimes", maxReconsumeTimes);
        RemotingCommand response = calls.call(brokerName, request);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw calls.refused(response, brokerName);
        }
    }

    private void resend(StoredMessage message, String brokerName) throws ClientException, InterruptedException {
        Map<String, String> properties = new LinkedHashMap<>(message.getProperties());
        properties.putIfAbsent(MessageProperties.RETRY_TOPIC, message.getTopic());
        properties.putIfAbsent(MessageProperties.ORIGIN_MESSAGE_ID, message.getMsgId());
        // Retry bookkeeping travels in the header (j, l), not in the properties.
        properties.remove(MessageProperties.RECONSUME_TIME);
        properties.remove(MessageProperties.MAX_RECONSUME_TIMES);
        properties.put(MessageProperties.DELAY, Integer.toString(3 + message.getReconsumeTimes()));
        properties.putIfAbsent(MessageProperties.WAIT, "true");
        Map<String, String> ext = new HashMap<>(24);
        ext.put("a", INNER_PRODUCER_GROUP);
        ext.put("b", retryTopic);
        ext.put("c", "TBW102");
        ext.put("d", "4");
        ext.put("e", "0");
        ext.put("f", Integer.toString(message.getSysFlag()
                & (MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_TYPE_MASK)));
        ext.put("g", Long.toString(System.currentTimeMillis()));
        ext.put("h", Integer.toString(message.getFlag()));
        ext.put("i", MessageProperties.encode(properties));
        ext.put("j", Integer.toString(message.getReconsumeTimes() + 1));
        ext.put("k", "false");
        ext.put("l", Integer.toString(maxReconsumeTimes));
        ext.put("m", "false");
        ext.put("n", brokerName);
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        request.setExtFields(ext);
        request.setBody(message.getBody());
        RemotingCommand response = calls.call(brokerName, request);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw calls.refused(response, brokerName);
        }
    }
}

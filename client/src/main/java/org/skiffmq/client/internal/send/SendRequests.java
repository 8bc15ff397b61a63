package org.skiffmq.client.internal.send;

import java.util.HashMap;
import java.util.Map;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.client.internal.route.PublishInfo;

/**
 * Builds SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) requests. Their header fields have
 * one-letter keys:
 *
 * <pre>
 *   a producer group      f sysFlag           k unitMode (false)
 *   b topic               g born timestamp    m batch
 *   c default topic       h user flag         n broker name the client targets
 *   d default queue nums  i properties
 *   e queue id            j reconsume times (0)
 * </pre>
 *
 * ({@code l}, max reconsume times, is only for retry topics and is left out.) The properties
 * always say {@code WAIT=true} unless the message says otherwise, as RocketMQ's messages do.
 */
final class SendRequests {
    private static final String WAIT_TRUE = MessageProperties.WAIT + MessageProperties.NAME_VALUE_SEPARATOR + "true"
            + MessageProperties.PROPERTY_SEPARATOR;

    private SendRequests() {
    }

    static RemotingCommand message(String group, Message message, MessageQueue queue, int sysFlag, byte[] body) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2);
        request.setExtFields(header(group, queue, sysFlag, message.getFlag(), properties(message), false));
        request.setBody(body);
        return request;
    }

    static RemotingCommand batch(String group, MessageQueue queue, byte[] body) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE);
        // Batch-level properties carry WAIT only: a batch-level UNIQ_KEY would make RocketMQ
        // brokers store it over every element's own key (see the protocol notes on batches).
        request.setExtFields(header(group, queue, 0, 0, WAIT_TRUE, true));
        request.setBody(body);
        return request;
    }

    /** The message's properties string, with {@code WAIT=true} added when the message does not set WAIT. */
    static String properties(Message message) {
        String encoded = MessageProperties.encode(message.getProperties());
        return message.getProperty(MessageProperties.WAIT) == null ? encoded + WAIT_TRUE : encoded;
    }

    private static Map<String, String> header(String group, MessageQueue queue, int sysFlag, int flag,
            String properties, boolean batch) {
        Map<String, String> ext = new HashMap<>(24);
        ext.put("a", group);
        ext.put("b", queue.topic());
        ext.put("c", PublishInfo.DEFAULT_TOPIC);
        ext.put("d", Integer.toString(PublishInfo.DEFAULT_TOPIC_QUEUE_NUMS));
        ext.put("e", Integer.toString(queue.queueId()));
        ext.put("f", Integer.toString(sysFlag));
        ext.put("g", Long.toString(System.currentTimeMillis()));
        ext.put("h", Integer.toString(flag));
        ext.put("i", properties);
        ext.put("j", "0");
        ext.put("k", "false");
        ext.put("m", Boolean.toString(batch));
        ext.put("n", queue.brokerName());
        return ext;
    }
}

package org.skiffmq.kernel.broker.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.UniqueKeys;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.broker.BrokerIdentity;

/**
 * Stage 3: turns the request into the broker messages the store will append: properties parsed,
 * the broker's own properties added (CLUSTER, MSG_REGION, TRACE_ON, and UNIQ_KEY when missing),
 * born host from the connection, store host from the broker. A batch body becomes one message
 * per element, each with its own properties first and the batch-level ones filling the gaps.
 */
final class BuildMessagesStage implements SendStage {
    private final BrokerIdentity identity;

    BuildMessagesStage(BrokerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        SendHeader header = exchange.header();
        Map<String, String> requestProperties = MessageProperties.decode(header.properties());
        List<BrokerMessage> messages;
        if (header.batch()) {
            List<Message> elements;
            try {
                elements = BatchBodyDecoder.decode(exchange.request().getBody());
            } catch (MessageDecodeException e) {
                throw new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, "The batch body is malformed: "
                        + e.getMessage());
            }
            if (elements.isEmpty()) {
                throw new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, "The batch holds no message");
            }
            messages = new ArrayList<>(elements.size());
            for (Message element : elements) {
                Map<String, String> properties = element.getProperties();
                requestProperties.forEach(properties::putIfAbsent);
                messages.add(build(exchange, element.getFlag(), element.getBody(), properties));
            }
        } else {
            messages = List.of(build(exchange, header.flag(), exchange.request().getBody(), requestProperties));
        }
        List<SendContext> contexts = new ArrayList<>(messages.size());
        String client = exchange.channel().remoteAddressString();
        for (BrokerMessage m : messages) {
            contexts.add(new SendContext(SendContext.Side.BROKER, header.producerGroup(), m, identity.brokerName(),
                    identity.address(), client, m.getQueueId()));
        }
        exchange.setMessages(messages, contexts);
    }

    private BrokerMessage build(SendExchange exchange, int flag, byte[] body, Map<String, String> properties) {
        SendHeader header = exchange.header();
        BrokerMessage m = new BrokerMessage();
        m.setTopic(header.topic());
        m.setQueueId(exchange.queueId());
        m.setFlag(flag);
        m.setBody(body == null ? new byte[0] : body);
        // Only messages that arrive without a key get one (making a key is not free).
        if (!properties.containsKey(MessageProperties.UNIQ_KEY)) {
            properties.put(MessageProperties.UNIQ_KEY, UniqueKeys.next());
        }
        properties.put(MessageProperties.CLUSTER, identity.clusterName());
        properties.put(MessageProperties.MSG_REGION, identity.region());
        properties.put(MessageProperties.TRACE_ON, "true");
        m.setProperties(properties);
        m.setSysFlag(header.sysFlag());
        m.setBornTimestamp(header.bornTimestamp());
        m.setBornHost(exchange.channel().remoteAddress());
        m.setStoreHost(identity.storeHost());
        m.setReconsumeTimes(header.reconsumeTimes());
        return m;
    }
}

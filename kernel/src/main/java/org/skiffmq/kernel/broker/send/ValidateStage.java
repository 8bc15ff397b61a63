package org.skiffmq.kernel.broker.send;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.protocol.Perm;
import org.skiffmq.kernel.protocol.TopicConfig;

/**
 * Stage 2: RocketMQ's checks before anything is stored — topic name, system topics, the topic's
 * existence (creating it from the template when auto-creation is on), permission, queue id, body
 * and properties size. Each refusal carries RocketMQ's code and a remark that says what to fix.
 */
final class ValidateStage implements SendStage {
    private final TopicConfigTable topics;
    private final String brokerName;
    private final int maxMessageSize;
    private final boolean transactions;

    ValidateStage(TopicConfigTable topics, String brokerName, int maxMessageSize, boolean transactions) {
        this.topics = topics;
        this.brokerName = brokerName;
        this.maxMessageSize = maxMessageSize;
        this.transactions = transactions;
    }

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        SendHeader header = exchange.header();
        String topic = header.topic();
        String problem = TopicNames.problem(topic);
        if (problem != null) {
            throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, problem);
        }
        if (TopicNames.isNotSendable(topic)) {
            throw new SendRejectedException(ResponseCode.NO_PERMISSION,
                    "Sending to the system topic " + topic + " is forbidden");
        }
        int transactionType = MessageSysFlag.transactionType(header.sysFlag());
        if (transactionType == MessageSysFlag.TRANSACTION_PREPARED && !transactions) {
            // Stored as a normal message it would be delivered at once, and a rollback would not
            // take it back: refuse it, as RocketMQ does with rejectTransactionMessage.
            throw new SendRejectedException(ResponseCode.NO_PERMISSION, "the broker " + brokerName + " does not take"
                    + " transactional messages (transactions.enabled: false); send it without a transaction");
        }
        if (transactionType == MessageSysFlag.TRANSACTION_COMMIT || transactionType == MessageSysFlag.TRANSACTION_ROLLBACK) {
            throw new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, "a send cannot carry a commit or rollback"
                    + " flag; end a transaction with END_TRANSACTION");
        }
        TopicConfig config = topicConfig(header);
        if (!Perm.isWritable(config.perm())) {
            throw new SendRejectedException(ResponseCode.NO_PERMISSION, "The topic " + topic + " on broker "
                    + brokerName + " is not writable (perm " + config.perm() + ")");
        }
        exchange.setTopicConfig(config);
        exchange.setQueueId(queueId(header, config));

        byte[] body = exchange.request().getBody();
        int bodyLength = body == null ? 0 : body.length;
        if (bodyLength > maxMessageSize) {
            throw new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, "The message body is " + bodyLength
                    + " bytes; the broker accepts at most " + maxMessageSize + " (maxMessageSize)");
        }
        String properties = header.properties();
        if (properties != null && properties.length() > StoredMessageCodec.MAX_PROPERTIES_LENGTH) {
            throw new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, "The message properties are "
                    + properties.length() + " characters; the limit is " + StoredMessageCodec.MAX_PROPERTIES_LENGTH
                    + ". Use fewer or shorter keys and user properties");
        }
    }

    private TopicConfig topicConfig(SendHeader header) throws SendRejectedException {
        TopicConfig config = topics.get(header.topic());
        if (config != null) {
            return config;
        }
        if (header.topic().startsWith(TopicNames.RETRY_PREFIX)) {
            // A consumer's own send of a message back to its retry topic (when send-back failed).
            try {
                return topics.ensure(header.topic(), 1, Perm.READ_WRITE);
            } catch (IOException e) {
                throw new SendRejectedException(ResponseCode.SYSTEM_ERROR,
                        "Could not create topic " + header.topic() + ": " + e.getMessage());
            }
        }
        if (topics.autoCreate() && header.defaultTopic() != null) {
            try {
                config = topics.createFromTemplate(header.topic(), header.defaultTopic(),
                        header.defaultTopicQueueNums());
            } catch (IOException e) {
                throw new SendRejectedException(ResponseCode.SYSTEM_ERROR,
                        "Could not create topic " + header.topic() + ": " + e.getMessage());
            }
        }
        if (config == null) {
            throw new SendRejectedException(ResponseCode.TOPIC_NOT_EXIST, "Topic " + header.topic()
                    + " does not exist on broker " + brokerName
                    + (topics.autoCreate() ? "" : " and auto-creation is off")
                    + "; create it first (UPDATE_AND_CREATE_TOPIC, e.g. mqadmin updateTopic)");
        }
        return config;
    }

    private int queueId(SendHeader header, TopicConfig config) throws SendRejectedException {
        int queueId = header.queueId();
        if (queueId < 0) {
            return ThreadLocalRandom.current().nextInt(Math.max(1, config.writeQueueNums()));
        }
        if (queueId >= config.queueCount()) {
            throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, "Queue id " + queueId + " is out of range: topic "
                    + header.topic() + " has " + config.queueCount() + " queues on broker " + brokerName
                    + " (ids 0.." + (config.queueCount() - 1) + ")");
        }
        return queueId;
    }
}

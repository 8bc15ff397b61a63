package org.skiffmq.kernel.broker.send;

import java.io.IOException;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.schedule.ScheduleTopic;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.protocol.Perm;

/**
 * Stage 5: where a message really goes. A message sent to a group's retry topic that has used up
 * its reconsume attempts goes to the group's dead-letter topic instead; a message with a delay
 * level waits in the schedule topic until it is due. Runs after the hooks, so they see the topic
 * the producer chose.
 */
final class RetryAndDelayStage implements SendStage {
    /** RocketMQ's default maximum reconsume attempts before a message is dead-lettered. */
    static final int DEFAULT_MAX_RECONSUME_TIMES = 16;

    private final TopicConfigTable topics;
    private final DelayLevels levels;

    RetryAndDelayStage(TopicConfigTable topics, DelayLevels levels) {
        this.topics = topics;
        this.levels = levels;
    }

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        if (exchange.header().batch()) {
            return;
        }
        BrokerMessage message = exchange.messages().get(0);
        SendHeader header = exchange.header();
        if (message.getTopic().startsWith(TopicNames.RETRY_PREFIX)) {
            int max = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes() : DEFAULT_MAX_RECONSUME_TIMES;
            if (header.reconsumeTimes() >= max) {
                String group = message.getTopic().substring(TopicNames.RETRY_PREFIX.length());
                String dlq = TopicNames.DLQ_PREFIX + group;
                try {
                    topics.ensure(dlq, 1, Perm.READ_WRITE);
                } catch (IOException e) {
                    throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, "Could not create " + dlq + ": "
                            + e.getMessage());
                }
                message.setTopic(dlq);
                message.setQueueId(0);
                message.removeProperty(MessageProperties.DELAY);
                return;
            }
        }
        ScheduleTopic.redirectIfDelayed(message, levels);
    }
}

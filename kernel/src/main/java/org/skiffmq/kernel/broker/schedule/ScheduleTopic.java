package org.skiffmq.kernel.broker.schedule;

import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;

/**
 * Where delayed messages wait: RocketMQ's {@code SCHEDULE_TOPIC_XXXX}, one queue per delay level
 * (queue id = level - 1), the real topic and queue kept in REAL_TOPIC and REAL_QID. Because every
 * message of a queue waits the same time, each queue is in delivery order.
 */
public final class ScheduleTopic {
    public static final String NAME = "SCHEDULE_TOPIC_XXXX";

    private ScheduleTopic() {
    }

    /** The message's delay level (0 = none), from its DELAY property. */
    public static int delayLevel(BrokerMessage message) {
        String level = message.getProperty(MessageProperties.DELAY);
        if (level == null) {
            return 0;
        }
        try {
            return Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Redirects a message with a delay level to the schedule queue of that level. Transactional
     * half messages are left alone, as RocketMQ does.
     */
    public static void redirectIfDelayed(BrokerMessage message, DelayLevels levels) {
        int level = delayLevel(message);
        if (level <= 0 || MessageSysFlag.transactionType(message.getSysFlag()) != MessageSysFlag.TRANSACTION_NOT_TYPE) {
            return;
        }
        level = levels.clamp(level);
        message.putProperty(MessageProperties.DELAY, Integer.toString(level));
        message.putProperty(MessageProperties.REAL_TOPIC, message.getTopic());
        message.putProperty(MessageProperties.REAL_QID, Integer.toString(message.getQueueId()));
        message.setTopic(NAME);
        message.setQueueId(level - 1);
    }
}

package org.skiffmq.kernel.metrics;

import org.skiffmq.api.message.BrokerMessage;

/** RocketMQ's {@code message_type} label: what kind of send stored a message. */
public enum MessageType {
    NORMAL("normal"), FIFO("fifo"), DELAY("delay"), TRANSACTION("transaction");

    private final String label;

    MessageType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The type RocketMQ 5 gives a message by its properties: transactional, delayed, ordered by a sharding key, or normal. */
    public static MessageType of(BrokerMessage m) {
        if ("true".equals(m.getProperty("TRAN_MSG"))) {
            return TRANSACTION;
        }
        if (m.getProperty("DELAY") != null || m.getProperty("TIMER_DELIVER_MS") != null
                || m.getProperty("TIMER_DELAY_SEC") != null || m.getProperty("TIMER_DELAY_MS") != null) {
            return DELAY;
        }
        if (m.getProperty("__SHARDINGKEY") != null) {
            return FIFO;
        }
        return NORMAL;
    }
}

package org.skiffmq.client.consumer;

/**
 * Where a consumer group starts reading a queue it has no committed offset for. A queue with a
 * committed offset always continues from it.
 */
public enum ConsumeFromWhere {
    /** From the end: only messages sent from now on (RocketMQ's default). */
    LAST_OFFSET("CONSUME_FROM_LAST_OFFSET"),
    /** From the first message the broker still holds. */
    FIRST_OFFSET("CONSUME_FROM_FIRST_OFFSET"),
    /** From the first message stored at or after the builder's {@code consumeTimestamp}. */
    TIMESTAMP("CONSUME_FROM_TIMESTAMP");

    private final String wireName;

    ConsumeFromWhere(String wireName) {
        this.wireName = wireName;
    }

    /** The name heartbeats carry, e.g. {@code CONSUME_FROM_LAST_OFFSET}. */
    public String wireName() {
        return wireName;
    }
}

package org.skiffmq.client.internal.instance;

import java.util.List;

/**
 * What a client instance needs of a consumer it hosts: the group's data for heartbeats, and a way
 * to make it rebalance when a broker says the group's members changed.
 */
public interface ConsumerRegistration {

    String group();

    /** {@code CONSUME_PASSIVELY} for push consumers. */
    String consumeType();

    /** {@code CLUSTERING} or {@code BROADCASTING}. */
    String messageModel();

    /** {@code CONSUME_FROM_LAST_OFFSET}, {@code CONSUME_FROM_FIRST_OFFSET} or {@code CONSUME_FROM_TIMESTAMP}. */
    String consumeFromWhere();

    /** Every subscription, the automatic retry-topic one included. */
    List<Subscription> subscriptions();

    /** Called on a client thread when NOTIFY_CONSUMER_IDS_CHANGED names the group; must not block. */
    void rebalanceNow();
}

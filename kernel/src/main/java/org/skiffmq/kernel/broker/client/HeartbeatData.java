package org.skiffmq.kernel.broker.client;

import java.util.List;
import java.util.Set;

/** HEART_BEAT's body: the client's producer and consumer groups (RocketMQ's HeartbeatData JSON). */
public record HeartbeatData(String clientID, List<ProducerData> producerDataSet, List<ConsumerData> consumerDataSet,
        int heartbeatFingerprint, boolean withoutSub) {

    /** A producer group of the client. */
    public record ProducerData(String groupName) {
    }

    /** A consumer group of the client and its subscriptions. */
    public record ConsumerData(String groupName, String consumeType, String messageModel, String consumeFromWhere,
            List<SubscriptionData> subscriptionDataSet, boolean unitMode) {
    }

    /** One subscription: a topic and its tag expression. */
    public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
            long subVersion, String expressionType, boolean classFilterMode) {
    }
}

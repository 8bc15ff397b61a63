package org.skiffmq.kernel.protocol;

import java.util.Map;

/**
 * A topic's configuration on a broker, in the JSON shape of RocketMQ's TopicConfig:
 * {@code {"attributes":{},"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",...}}.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, String topicFilterType,
        int topicSysFlag, boolean order, Map<String, String> attributes) {

    public static TopicConfig of(String topic, int queues, int perm) {
        return new TopicConfig(topic, queues, queues, perm, "SINGLE_TAG", 0, false, Map.of());
    }

    public int queueCount() {
        return Math.max(readQueueNums, writeQueueNums);
    }
}

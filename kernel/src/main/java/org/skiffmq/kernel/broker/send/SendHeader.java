package org.skiffmq.kernel.broker.send;

/**
 * The header of a SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) or SEND_BATCH_MESSAGE (320) request.
 * V2 carries the same fields under the one-letter keys {@code a}..{@code n}.
 */
public record SendHeader(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums,
        int queueId, int sysFlag, long bornTimestamp, int flag, String properties, int reconsumeTimes,
        Integer maxReconsumeTimes, boolean batch) {
}

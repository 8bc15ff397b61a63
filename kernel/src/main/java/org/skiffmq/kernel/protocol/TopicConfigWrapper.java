package org.skiffmq.kernel.protocol;

import java.util.Map;

/**
 * A broker's topic table as GET_ALL_TOPIC_CONFIG answers it and REGISTER_BROKER carries it
 * (RocketMQ's TopicConfigAndMappingSerializeWrapper; the static-topic mapping maps stay empty).
 */
public record TopicConfigWrapper(DataVersion dataVersion, DataVersion mappingDataVersion,
        Map<String, TopicConfig> topicConfigTable, Map<String, Object> topicQueueMappingDetailMap,
        Map<String, Object> topicQueueMappingInfoMap) {

    public static TopicConfigWrapper of(DataVersion version, Map<String, TopicConfig> table) {
        return new TopicConfigWrapper(version, new DataVersion(0, 0, version.timestamp()), table, Map.of(), Map.of());
    }
}

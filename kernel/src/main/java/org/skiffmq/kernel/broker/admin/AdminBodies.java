package org.skiffmq.kernel.broker.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.skiffmq.kernel.json.Json;

/**
 * The admin bodies RocketMQ's tools read, in fastjson's shape: maps keyed by a message queue are
 * written with the queue object itself as the key ({@code {{"brokerName":..}:{..}}}), which no
 * standard JSON writer does and fastjson reads back into {@code Map<MessageQueue, ...>}.
 */
final class AdminBodies {

    private AdminBodies() {
    }

    /** RocketMQ's MessageQueue, as a key. */
    record Queue(String brokerName, int queueId, String topic) {
    }

    /** TopicOffset of TopicStatsTable. */
    record TopicOffset(long lastUpdateTimestamp, long maxOffset, long minOffset) {
    }

    /** OffsetWrapper of ConsumeStats. */
    record OffsetWrapper(long brokerOffset, long consumerOffset, long lastTimestamp, long pullOffset) {
    }

    /** Connection of ProducerConnection and ConsumerConnection. */
    record Connection(String clientAddr, String clientId, String language, int version) {
    }

    /** ProducerConnection. */
    record ProducerConnection(Set<Connection> connectionSet) {
    }

    /** ConsumerConnection. */
    record ConsumerConnection(Set<Connection> connectionSet, Map<String, Object> subscriptionTable,
            String consumeType, String messageModel, String consumeFromWhere) {
    }

    /** {@code {"offsetTable":{queue:value,...}}} plus other top-level fields, in alphabetical order. */
    static byte[] queueKeyed(String mapName, Map<Queue, ?> table, Map<String, Object> others) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        java.util.TreeMap<String, Object> fields = new java.util.TreeMap<>(others);
        fields.put(mapName, null);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(Json.toString(field.getKey())).append(':');
            if (field.getKey().equals(mapName)) {
                sb.append('{');
                boolean firstEntry = true;
                for (Map.Entry<Queue, ?> e : sorted(table)) {
                    if (!firstEntry) {
                        sb.append(',');
                    }
                    firstEntry = false;
                    sb.append(Json.toString(e.getKey())).append(':').append(Json.toString(e.getValue()));
                }
                sb.append('}');
            } else {
                sb.append(Json.toString(field.getValue()));
            }
        }
        return sb.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static <V> List<Map.Entry<Queue, V>> sorted(Map<Queue, V> table) {
        return table.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator
                .comparing(Queue::topic).thenComparing(Queue::brokerName).thenComparingInt(Queue::queueId)))
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}

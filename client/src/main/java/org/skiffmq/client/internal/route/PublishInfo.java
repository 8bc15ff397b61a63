package org.skiffmq.client.internal.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skiffmq.api.message.MessageQueue;

/**
 * What a producer needs of a topic's route: the writable queues, sorted by broker name then
 * queue id, and each broker's master address. Only brokers with a master get queues. Immutable.
 *
 * @param fromDefaultTopic true when the topic had no route and these queues come from the
 *                         auto-create template topic: the broker creates the topic on first send
 */
public record PublishInfo(String topic, List<MessageQueue> queues, Map<String, String> brokerAddresses,
        boolean fromDefaultTopic) {

    /** The template topic brokers create unknown topics from (RocketMQ's AUTO_CREATE_TOPIC_KEY_TOPIC). */
    public static final String DEFAULT_TOPIC = "TBW102";
    /** Queues asked for a topic created from the template (RocketMQ's defaultTopicQueueNums). */
    public static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;

    public PublishInfo {
        queues = List.copyOf(queues);
        brokerAddresses = Map.copyOf(brokerAddresses);
    }

    /** The publish info of a topic's own route. */
    public static PublishInfo of(String topic, TopicRoute route) {
        return build(topic, route, Integer.MAX_VALUE, false);
    }

    /**
     * Publish info for a topic without a route, from the template topic's route: each broker's
     * queue count is clamped to {@code min(defaultQueueNums, readQueueNums)}, as RocketMQ's
     * producer does, so the broker creates the topic with that many queues.
     */
    public static PublishInfo fromDefaultTopic(String topic, TopicRoute templateRoute, int defaultQueueNums) {
        return build(topic, templateRoute, defaultQueueNums, true);
    }

    public String brokerAddress(String brokerName) {
        return brokerAddresses.get(brokerName);
    }

    public boolean isEmpty() {
        return queues.isEmpty();
    }

    private static PublishInfo build(String topic, TopicRoute route, int clamp, boolean fromDefault) {
        Map<String, String> masters = new HashMap<>();
        for (TopicRoute.BrokerData broker : route.brokerDatas()) {
            String master = broker.masterAddress();
            if (broker.brokerName() != null && master != null) {
                masters.put(broker.brokerName(), master);
            }
        }
        List<MessageQueue> queues = new ArrayList<>();
        Map<String, Integer> ordered = orderedQueueCounts(route.orderTopicConf());
        if (ordered != null) {
            ordered.forEach((broker, count) -> addQueues(queues, topic, broker, count));
        } else {
            List<TopicRoute.QueueData> byBroker = new ArrayList<>(route.queueDatas());
            byBroker.removeIf(q -> q.brokerName() == null);
            byBroker.sort(Comparator.comparing(TopicRoute.QueueData::brokerName));
            for (TopicRoute.QueueData data : byBroker) {
                if (data.writable() && masters.containsKey(data.brokerName())) {
                    int count = fromDefault ? Math.min(clamp, data.readQueueNums()) : data.writeQueueNums();
                    addQueues(queues, topic, data.brokerName(), count);
                }
            }
        }
        queues.sort(null);
        return new PublishInfo(topic, queues, masters, fromDefault);
    }

    private static void addQueues(List<MessageQueue> queues, String topic, String broker, int count) {
        for (int id = 0; id < count; id++) {
            queues.add(new MessageQueue(topic, broker, id));
        }
    }

    /** Parses {@code broker-a:4;broker-b:4}; null when the route does not fix the queues. */
    private static Map<String, Integer> orderedQueueCounts(String conf) {
        if (conf == null || conf.isBlank()) {
            return null;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String item : conf.split(";")) {
            int colon = item.lastIndexOf(':');
            if (colon > 0) {
                try {
                    counts.put(item.substring(0, colon).trim(), Integer.parseInt(item.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("orderTopicConf item '" + item + "' is not brokerName:queueNums");
                }
            }
        }
        return counts;
    }
}

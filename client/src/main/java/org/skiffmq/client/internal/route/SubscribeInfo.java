package org.skiffmq.client.internal.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skiffmq.api.message.MessageQueue;

/**
 * What a consumer needs of a topic's route: every readable queue (queue ids 0 to readQueueNums-1
 * of each broker whose permission allows reading and that has a master), sorted by broker name
 * then queue id, and each broker's master address. Immutable.
 */
public record SubscribeInfo(String topic, List<MessageQueue> queues, Map<String, String> brokerAddresses) {

    public SubscribeInfo {
        queues = List.copyOf(queues);
        brokerAddresses = Map.copyOf(brokerAddresses);
    }

    public static SubscribeInfo of(String topic, TopicRoute route) {
        Map<String, String> masters = new HashMap<>();
        for (TopicRoute.BrokerData broker : route.brokerDatas()) {
            if (broker.brokerName() != null && broker.masterAddress() != null) {
                masters.put(broker.brokerName(), broker.masterAddress());
            }
        }
        List<MessageQueue> queues = new ArrayList<>();
        for (TopicRoute.QueueData data : route.queueDatas()) {
            if (data.brokerName() != null && data.readable() && masters.containsKey(data.brokerName())) {
                for (int id = 0; id < data.readQueueNums(); id++) {
                    queues.add(new MessageQueue(topic, data.brokerName(), id));
                }
            }
        }
        queues.sort(null);
        return new SubscribeInfo(topic, queues, masters);
    }

    public String brokerAddress(String brokerName) {
        return brokerAddresses.get(brokerName);
    }
}

package org.skiffmq.kernel.protocol;

import java.util.List;
import java.util.Map;

/**
 * GET_ROUTEINFO_BY_TOPIC's body. Written as standard JSON (quoted map keys), which every RocketMQ
 * Java client parses; {@code queueDatas}, {@code brokerDatas} and {@code filterServerTable} are
 * always present because clients iterate them without null checks.
 */
public record TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas,
        Map<String, List<String>> filterServerTable) {
}

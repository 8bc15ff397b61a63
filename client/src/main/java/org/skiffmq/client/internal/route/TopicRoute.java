package org.skiffmq.client.internal.route;

import java.util.List;
import java.util.Map;

/**
 * A topic's route as the name server describes it (RocketMQ's TopicRouteData): which brokers
 * hold its queues, with what permission, and where each broker listens.
 *
 * @param orderTopicConf {@code brokerName:queueNums;...} for ordered topics, or null
 */
public record TopicRoute(List<QueueData> queueDatas, List<BrokerData> brokerDatas, String orderTopicConf) {

    /** Permission bit: producers may send to the queues. */
    public static final int PERM_WRITE = 0x2;
    /** Permission bit: consumers may read the queues. */
    public static final int PERM_READ = 0x4;

    public TopicRoute {
        queueDatas = List.copyOf(queueDatas);
        brokerDatas = List.copyOf(brokerDatas);
    }

    /** One broker's queues of the topic. */
    public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

        public boolean writable() {
            return (perm & PERM_WRITE) != 0;
        }

        public boolean readable() {
            return (perm & PERM_READ) != 0;
        }
    }

    /** A broker's addresses by broker id; id 0 is the master, the only one producers send to. */
    public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        public static final long MASTER_ID = 0L;

        public BrokerData {
            brokerAddrs = Map.copyOf(brokerAddrs);
        }

        /** The master's {@code ip:port}, or null when the broker has no master now. */
        public String masterAddress() {
            return brokerAddrs.get(MASTER_ID);
        }
    }
}

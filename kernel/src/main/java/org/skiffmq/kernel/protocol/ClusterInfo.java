package org.skiffmq.kernel.protocol;

import java.util.Map;
import java.util.Set;

/** GET_BROKER_CLUSTER_INFO's body. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
}

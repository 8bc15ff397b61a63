package org.skiffmq.kernel.protocol;

import java.util.Map;

/** A broker's addresses by broker id (0 = master), as routes and cluster info list them. */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs,
        boolean enableActingMaster) {
}

package org.skiffmq.kernel.broker;

import java.net.InetSocketAddress;

/**
 * Who this broker is to clients and the name server. The store host (the address written into
 * every record and message id) is known only once the port is bound, hence set later.
 */
public final class BrokerIdentity {
    private final String clusterName;
    private final String brokerName;
    private final String region;
    private volatile InetSocketAddress storeHost;

    public BrokerIdentity(String clusterName, String brokerName, String region) {
        this.clusterName = clusterName;
        this.brokerName = brokerName;
        this.region = region;
    }

    public String clusterName() {
        return clusterName;
    }

    public String brokerName() {
        return brokerName;
    }

    public String region() {
        return region;
    }

    public InetSocketAddress storeHost() {
        return storeHost;
    }

    public void setStoreHost(InetSocketAddress storeHost) {
        this.storeHost = storeHost;
    }

    /** The address clients dial: {@code ip:port}. */
    public String address() {
        return storeHost.getAddress().getHostAddress() + ":" + storeHost.getPort();
    }
}

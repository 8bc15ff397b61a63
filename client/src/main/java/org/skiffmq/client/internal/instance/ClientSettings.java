package org.skiffmq.client.internal.instance;

import java.util.List;
import org.skiffmq.api.transport.TlsConfig;

/**
 * What a client instance is made with. Producers that share an instance must agree on all of it.
 *
 * @param instanceName         producers with the same instance name share one client instance
 * @param nameServers          name-server addresses, {@code ip:port} each
 * @param transport            the transport provider's name, e.g. {@code netty}
 * @param routeRefreshMillis   how often routes are fetched again (RocketMQ: 30 s)
 * @param heartbeatMillis      how often every broker gets a HEART_BEAT (RocketMQ: 30 s)
 * @param callTimeoutMillis    timeout of name-server, heartbeat and unregister calls (RocketMQ: 3 s)
 * @param tls                  TLS to the name servers and brokers (disabled when null)
 */
public record ClientSettings(String instanceName, List<String> nameServers, String transport,
        long routeRefreshMillis, long heartbeatMillis, long callTimeoutMillis, TlsConfig tls) {

    /** Settings without TLS. */
    public ClientSettings(String instanceName, List<String> nameServers, String transport, long routeRefreshMillis,
            long heartbeatMillis, long callTimeoutMillis) {
        this(instanceName, nameServers, transport, routeRefreshMillis, heartbeatMillis, callTimeoutMillis, null);
    }

    public ClientSettings {
        tls = tls == null ? TlsConfig.disabled() : tls;
        nameServers = List.copyOf(nameServers);
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("no name-server address: set nameServer(\"ip:port;ip:port\")");
        }
        if (routeRefreshMillis <= 0 || heartbeatMillis <= 0 || callTimeoutMillis <= 0) {
            throw new IllegalArgumentException("route refresh, heartbeat and call timeout must be positive");
        }
    }
}

package org.skiffmq.kernel.namesrv;

import org.skiffmq.api.transport.TlsConfig;

/**
 * Settings of a name server.
 *
 * @param host                 address to listen on
 * @param port                 port to listen on (RocketMQ: 9876; 0 picks a free one)
 * @param scanIntervalMillis   how often silent brokers are looked for (RocketMQ: 5 s)
 * @param brokerTimeoutMillis  a broker silent this long is dropped, unless it asked for another (120 s)
 * @param maxFrameLength       largest Remoting frame accepted
 * @param tls                  TLS on its port
 */
public record NameServerConfig(String host, int port, long scanIntervalMillis, long brokerTimeoutMillis,
        int maxFrameLength, TlsConfig tls) {

    public static final int DEFAULT_PORT = 9876;
    public static final long DEFAULT_BROKER_TIMEOUT_MILLIS = 120_000;

    public NameServerConfig {
        tls = tls == null ? TlsConfig.disabled() : tls;
    }

    public NameServerConfig(String host, int port, long scanIntervalMillis, long brokerTimeoutMillis,
            int maxFrameLength) {
        this(host, port, scanIntervalMillis, brokerTimeoutMillis, maxFrameLength, null);
    }

    public static NameServerConfig of(String host, int port) {
        return new NameServerConfig(host, port, 5_000, DEFAULT_BROKER_TIMEOUT_MILLIS, 16 * 1024 * 1024);
    }

    public NameServerConfig withTls(TlsConfig value) {
        return new NameServerConfig(host, port, scanIntervalMillis, brokerTimeoutMillis, maxFrameLength, value);
    }
}

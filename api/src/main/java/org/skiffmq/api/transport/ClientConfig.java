package org.skiffmq.api.transport;

/**
 * Settings of a Remoting client.
 *
 * @param connectTimeoutMillis how long a connection attempt may take
 * @param maxFrameLength       largest frame accepted, counting its 4-byte length prefix
 * @param ioThreads            event-loop threads (0 = transport default)
 * @param idleTimeoutSeconds   a connection with no traffic for this long is closed (0 = never)
 * @param tls                  TLS to the servers ({@link TlsConfig#disabled()} when null)
 */
public record ClientConfig(int connectTimeoutMillis, int maxFrameLength, int ioThreads, int idleTimeoutSeconds,
                           TlsConfig tls) {

    public ClientConfig {
        tls = tls == null ? TlsConfig.disabled() : tls;
    }

    /** Settings without TLS. */
    public ClientConfig(int connectTimeoutMillis, int maxFrameLength, int ioThreads, int idleTimeoutSeconds) {
        this(connectTimeoutMillis, maxFrameLength, ioThreads, idleTimeoutSeconds, null);
    }

    /** The same settings with TLS as given. */
    public ClientConfig withTls(TlsConfig value) {
        return new ClientConfig(connectTimeoutMillis, maxFrameLength, ioThreads, idleTimeoutSeconds, value);
    }

    public static ClientConfig defaults() {
        return new ClientConfig(3000, ServerConfig.DEFAULT_MAX_FRAME_LENGTH, 0,
                ServerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS);
    }
}

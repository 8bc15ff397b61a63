package org.skiffmq.api.transport;

/**
 * Settings of a Remoting server.
 *
 * @param bindAddress     address to listen on (e.g. 127.0.0.1, or 0.0.0.0 for all)
 * @param port            port to listen on; 0 picks a free one
 * @param maxFrameLength  largest frame accepted, counting its 4-byte length prefix (RocketMQ: 16 MiB)
 * @param ioThreads       event-loop threads (0 = transport default)
 * @param idleTimeoutSeconds a connection with no traffic for this long is closed (0 = never)
 * @param inboundBudget   bytes of inbound frames held at once across all connections, from the
 *                        first byte of a frame until its request is handled; a connection whose
 *                        next frame does not fit is not read until some comes back (0 = transport
 *                        default, e.g. a quarter of the maximum heap). The last eighth is kept for
 *                        small frames, so it must be at least {@link #minimumInboundBudget}.
 * @param tls            TLS on this server's port ({@link TlsConfig#disabled()} when null)
 */
public record ServerConfig(String bindAddress, int port, int maxFrameLength, int ioThreads, int idleTimeoutSeconds,
                           long inboundBudget, TlsConfig tls) {
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;

    public ServerConfig {
        tls = tls == null ? TlsConfig.disabled() : tls;
        if (inboundBudget < 0 || inboundBudget > 0 && inboundBudget < minimumInboundBudget(maxFrameLength)) {
            throw new IllegalArgumentException("inbound budget " + inboundBudget + " cannot take a frame of the"
                    + " maximum length " + maxFrameLength + ": make it at least "
                    + minimumInboundBudget(maxFrameLength) + " bytes (or 0 for the default)");
        }
    }

    /** The smallest inbound budget that takes a frame of {@code maxFrameLength} outside the small frames' eighth. */
    public static long minimumInboundBudget(int maxFrameLength) {
        return (long) maxFrameLength * 8 / 7 + 8;
    }

    /** Settings without TLS. */
    public ServerConfig(String bindAddress, int port, int maxFrameLength, int ioThreads, int idleTimeoutSeconds,
            long inboundBudget) {
        this(bindAddress, port, maxFrameLength, ioThreads, idleTimeoutSeconds, inboundBudget, null);
    }

    /** The same settings with TLS as given. */
    public ServerConfig withTls(TlsConfig value) {
        return new ServerConfig(bindAddress, port, maxFrameLength, ioThreads, idleTimeoutSeconds, inboundBudget, value);
    }

    /** Settings with the transport's default inbound budget. */
    public ServerConfig(String bindAddress, int port, int maxFrameLength, int ioThreads, int idleTimeoutSeconds) {
        this(bindAddress, port, maxFrameLength, ioThreads, idleTimeoutSeconds, 0);
    }

    public static ServerConfig of(String bindAddress, int port) {
        return new ServerConfig(bindAddress, port, DEFAULT_MAX_FRAME_LENGTH, 0, DEFAULT_IDLE_TIMEOUT_SECONDS);
    }
}

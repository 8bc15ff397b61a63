package org.skiffmq.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.skiffmq.api.transport.ServerConfig;

/**
 * {@code transport:} which transport serves Remoting, and its limits. Written either as a name
 * ({@code transport: netty}) or as a section.
 *
 * @param engine             transport extension name (default {@code netty})
 * @param maxFrameLength     largest frame accepted (default 16m, RocketMQ's)
 * @param ioThreads          event-loop threads (0 = transport default)
 * @param idleTimeoutSeconds idle connections close after this long (default 120)
 * @param inboundBudget      bytes of inbound frames the broker holds at once, across all
 *                           connections (default 0: the transport's, a quarter of the maximum heap
 *                           and at least twice maxFrameLength); at least 8/7 of maxFrameLength
 * @param tls                TLS on the broker's and the embedded name server's ports ({@link TlsSection})
 */
public record TransportSection(String engine, ByteSize maxFrameLength, Integer ioThreads, Integer idleTimeoutSeconds,
                               ByteSize inboundBudget, TlsSection tls) {

    public TransportSection {
        engine = engine == null ? "netty" : engine;
        maxFrameLength = maxFrameLength == null ? ByteSize.of(16L << 20) : maxFrameLength;
        ioThreads = ioThreads == null ? 0 : ioThreads;
        idleTimeoutSeconds = idleTimeoutSeconds == null ? 120 : idleTimeoutSeconds;
        inboundBudget = inboundBudget == null ? ByteSize.of(0) : inboundBudget;
        tls = tls == null ? TlsSection.defaults() : tls;
    }

    public TransportSection(String engine, ByteSize maxFrameLength, Integer ioThreads, Integer idleTimeoutSeconds,
            ByteSize inboundBudget) {
        this(engine, maxFrameLength, ioThreads, idleTimeoutSeconds, inboundBudget, null);
    }

    /** A section with the default inbound budget. */
    public TransportSection(String engine, ByteSize maxFrameLength, Integer ioThreads, Integer idleTimeoutSeconds) {
        this(engine, maxFrameLength, ioThreads, idleTimeoutSeconds, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TransportSection named(String engine) {
        return new TransportSection(engine, null, null, null, null, null);
    }

    public static TransportSection defaults() {
        return new TransportSection(null, null, null, null, null, null);
    }

    /**
     * The settings of a server listening on {@code host:port}.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public ServerConfig serverConfig(String host, int port) {
        int maxFrame = maxFrameLength.toIntExact("transport.maxFrameLength");
        long budget = inboundBudget.bytes();
        if (budget < 0 || budget > 0 && budget < ServerConfig.minimumInboundBudget(maxFrame)) {
            throw new IllegalArgumentException("transport.inboundBudget " + budget + " cannot take a frame of"
                    + " transport.maxFrameLength " + maxFrame + " (the last eighth is kept for small frames): make"
                    + " it at least " + ServerConfig.minimumInboundBudget(maxFrame) + " bytes, or leave it out for"
                    + " the default");
        }
        return new ServerConfig(host, port, maxFrame, ioThreads, idleTimeoutSeconds, budget);
    }
}

package org.skiffmq.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code transport:} which transport serves Remoting, and its limits. Written either as a name
 * ({@code transport: netty}) or as a section.
 *
 * @param engine             transport extension name (default {@code netty})
 * @param maxFrameLength     largest frame accepted (default 16m, RocketMQ's)
 * @param ioThreads          event-loop threads (0 = transport default)
 * @param idleTimeoutSeconds idle connections close after this long (default 120)
 */
public record TransportSection(String engine, ByteSize maxFrameLength, Integer ioThreads, Integer idleTimeoutSeconds) {

    public TransportSection {
        engine = engine == null ? "netty" : engine;
        maxFrameLength = maxFrameLength == null ? ByteSize.of(16L << 20) : maxFrameLength;
        ioThreads = ioThreads == null ? 0 : ioThreads;
        idleTimeoutSeconds = idleTimeoutSeconds == null ? 120 : idleTimeoutSeconds;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TransportSection named(String engine) {
        return new TransportSection(engine, null, null, null);
    }

    public static TransportSection defaults() {
        return new TransportSection(null, null, null, null);
    }
}

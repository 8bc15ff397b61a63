/**
 * SkiffMQ's producer and consumer library, speaking RocketMQ's Remoting protocol to SkiffMQ or
 * Apache RocketMQ brokers.
 *
 * <ul>
 *   <li>{@code org.skiffmq.client.producer}: {@link org.skiffmq.client.producer.Producer}, its
 *       builder, send results and callbacks;</li>
 *   <li>{@code org.skiffmq.client.consumer}: {@link org.skiffmq.client.consumer.PushConsumer}, its
 *       builder and the concurrent and orderly listeners;</li>
 *   <li>{@code org.skiffmq.client.fault}: the built-in fault strategies ({@code latency}, the
 *       default, and {@code round-robin}), public so tests and tools can give them a clock;</li>
 *   <li>{@code org.skiffmq.client}: the exceptions a send can end with.</li>
 * </ul>
 *
 * Everything under {@code internal} (the shared client instance, routes, the send and consume paths) is not
 * exported: it may change in any release.
 */
module org.skiffmq.client {
    requires transitive org.skiffmq.api;
    requires org.slf4j;
    // Route and heartbeat bodies are parsed and written with the streaming/tree API, so no
    // package needs to be opened to Jackson for reflection.
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;

    exports org.skiffmq.client;
    exports org.skiffmq.client.producer;
    exports org.skiffmq.client.consumer;
    exports org.skiffmq.client.fault;

    // The connection to brokers and name servers: the "netty" transport unless configured otherwise.
    uses org.skiffmq.api.transport.TransportProvider;
    // Client send hooks named in the producer's builder.
    uses org.skiffmq.api.hook.SendHook;
    // Fault strategies named in the producer's builder; a plugin jar can add its own.
    uses org.skiffmq.api.fault.FaultStrategy;

    provides org.skiffmq.api.fault.FaultStrategy with
            org.skiffmq.client.fault.LatencyFaultStrategy,
            org.skiffmq.client.fault.RoundRobinFaultStrategy;
}

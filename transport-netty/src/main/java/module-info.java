/**
 * RocketMQ Remoting on Netty: the frame codec (JSON and binary headers), a server and a client.
 * The kernel finds it as the {@code netty} {@link org.skiffmq.api.transport.TransportProvider};
 * the codec is exported for benchmarks and tools that read or write frames without a channel.
 */
module org.skiffmq.transport.netty {
    requires org.skiffmq.api;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    // epoll where it loads, NIO elsewhere: the native library itself is a runtime-only jar.
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires org.slf4j;

    exports org.skiffmq.transport.netty;
    exports org.skiffmq.transport.netty.codec;
    exports org.skiffmq.transport.netty.server;
    exports org.skiffmq.transport.netty.client;
    exports org.skiffmq.transport.netty.tls;

    provides org.skiffmq.api.transport.TransportProvider with org.skiffmq.transport.netty.NettyTransportProvider;
}

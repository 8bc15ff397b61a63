package org.skiffmq.transport.netty.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.transport.netty.channel.Addresses;

/**
 * A client's connections by {@code ip:port}. The table holds connect futures rather than
 * channels, so callers that arrive while a connection is being made wait on the same attempt
 * instead of opening their own. An entry leaves the table when its channel closes (a failed
 * connect closes it too), so the next call reconnects. Thread-safe.
 */
final class Connections {
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> byAddress = new ConcurrentHashMap<>();

    Connections(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * The connection to {@code address}, connected, connecting, or failed to connect.
     *
     * @throws IllegalArgumentException when the address is not {@code ip:port}
     */
    ChannelFuture get(String address) {
        ChannelFuture existing = byAddress.get(address);
        if (existing != null && usable(existing)) {
            return existing;
        }
        return byAddress.compute(address, (key, old) -> old != null && usable(old) ? old : connect(key));
    }

    void close(String address) {
        ChannelFuture connection = byAddress.remove(address);
        if (connection != null) {
            connection.channel().close();
        }
    }

    void closeAll() {
        for (String address : new ArrayList<>(byAddress.keySet())) {
            ChannelFuture connection = byAddress.remove(address);
            if (connection != null) {
                connection.channel().close().awaitUninterruptibly();
            }
        }
    }

    /** Still connecting, or connected and open (a close may not have left the table yet). */
    private static boolean usable(ChannelFuture connection) {
        return !connection.isDone() || (connection.isSuccess() && connection.channel().isActive());
    }

    private ChannelFuture connect(String address) {
        ChannelFuture connecting = bootstrap.connect(Addresses.parse(address));
        connecting.channel().closeFuture().addListener(closed -> byAddress.remove(address, connecting));
        return connecting;
    }
}

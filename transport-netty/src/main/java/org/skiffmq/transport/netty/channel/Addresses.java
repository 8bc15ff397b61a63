package org.skiffmq.transport.netty.channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The {@code ip:port} text form RocketMQ uses for addresses, both ways. */
public final class Addresses {

    private Addresses() {
    }

    /** {@code ip:port} of a socket address; {@code toString()} for anything else, "" for null. */
    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return address == null ? "" : address.toString();
    }

    /**
     * Parses {@code ip:port} (also {@code [v6]:port} and {@code host:port}).
     *
     * @throws IllegalArgumentException when it has no valid port
     */
    public static InetSocketAddress parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("'" + address + "' is not ip:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + address + "' has port " + port + " outside 1-65535");
        }
        return new InetSocketAddress(host, port);
    }
}

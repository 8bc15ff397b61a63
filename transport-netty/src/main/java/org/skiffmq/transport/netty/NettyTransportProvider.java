package org.skiffmq.transport.netty;

import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.RemotingServer;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.transport.netty.client.NettyRemotingClient;
import org.skiffmq.transport.netty.server.NettyRemotingServer;

/** The Netty transport, named {@value #NAME} in configuration. */
public final class NettyTransportProvider implements TransportProvider {
    public static final String NAME = "netty";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RemotingServer createServer(ServerConfig config) {
        return new NettyRemotingServer(config);
    }

    @Override
    public RemotingClient createClient(ClientConfig config) {
        return new NettyRemotingClient(config);
    }
}

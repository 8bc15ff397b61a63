package org.skiffmq.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.transport.netty.client.NettyRemotingClient;
import org.skiffmq.transport.netty.server.NettyRemotingServer;

class NettyTransportProviderTest {

    @Test
    void serviceLoaderFindsTheProviderNamedNetty() {
        List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertEquals(1, providers.size());
        assertEquals("netty", providers.get(0).name());
    }

    @Test
    void providerMakesNettyServersAndClients() {
        TransportProvider provider = new NettyTransportProvider();

        assertInstanceOf(NettyRemotingServer.class, provider.createServer(ServerConfig.of("127.0.0.1", 0)));
        assertInstanceOf(NettyRemotingClient.class, provider.createClient(ClientConfig.defaults()));
    }
}

package org.skiffmq.transport.netty.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.api.transport.TlsConfig;
import org.skiffmq.api.transport.TlsConfig.ClientAuth;
import org.skiffmq.api.transport.TlsConfig.Mode;
import org.skiffmq.transport.netty.client.NettyRemotingClient;
import org.skiffmq.transport.netty.server.NettyRemotingServer;

/** A real server and clients on 127.0.0.1 with each TLS mode, using the test certificates in tls/. */
class TlsTest {
    private static final int ECHO = 100;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private NettyRemotingServer server;
    private String address;

    static String file(String name) {
        try {
            return Path.of(TlsTest.class.getResource("/tls/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlsConfig serverTls(Mode mode, ClientAuth auth) {
        return new TlsConfig(mode, file("server.pem"), file("server.key"), null, file("ca.pem"), auth);
    }

    static TlsConfig clientTls(boolean withCertificate) {
        return new TlsConfig(Mode.ENFORCING, withCertificate ? file("client.pem") : null,
                withCertificate ? file("client.key") : null, null, file("ca.pem"), null);
    }

    private void start(TlsConfig tls) throws RemotingException {
        server = new NettyRemotingServer(new ServerConfig("127.0.0.1", 0, 16 * 1024 * 1024, 1, 120).withTls(tls));
        server.registerProcessor(ECHO, (channel, request) -> {
            RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
            response.setBody(request.getBody());
            return response;
        }, executor);
        server.start();
        address = "127.0.0.1:" + server.localAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        executor.shutdownNow();
    }

    /** An echo through a fresh client; true when it came back. */
    private boolean echoes(TlsConfig clientTls) throws InterruptedException {
        NettyRemotingClient client = new NettyRemotingClient(ClientConfig.defaults().withTls(clientTls));
        client.start();
        try {
            RemotingCommand request = RemotingCommand.request(ECHO);
            request.setBody("hello".getBytes());
            RemotingCommand response = client.invokeSync(address, request, 3000);
            return response.getCode() == ResponseCode.SUCCESS && "hello".equals(new String(response.getBody()));
        } catch (RemotingException e) {
            return false;
        } finally {
            client.shutdown();
        }
    }

    @Test
    void enforcingTakesTlsClientsOnly() throws Exception {
        start(serverTls(Mode.ENFORCING, ClientAuth.NONE));
        assertTrue(echoes(clientTls(false)), "a TLS client");
        assertTrue(!echoes(TlsConfig.disabled()), "a plain client must not get through");
        assertTrue(echoes(clientTls(false)), "a TLS client after a plain one was turned away");
    }

    @Test
    void permissiveTakesBoth() throws Exception {
        start(serverTls(Mode.PERMISSIVE, ClientAuth.NONE));
        assertTrue(echoes(clientTls(false)), "a TLS client");
        assertTrue(echoes(TlsConfig.disabled()), "a plain client");
    }

    @Test
    void requiredClientAuthenticationRefusesAClientWithoutACertificate() throws Exception {
        start(serverTls(Mode.ENFORCING, ClientAuth.REQUIRE));
        assertTrue(!echoes(clientTls(false)), "a client without a certificate must not get through");
        assertTrue(echoes(clientTls(true)), "a client with a certificate the CA signed");
    }

    @Test
    void aClientThatDoesNotTrustTheServersCertificateDoesNotTalkToIt() throws Exception {
        start(serverTls(Mode.ENFORCING, ClientAuth.NONE));
        // The server's certificate as the only trust anchor works; a certificate of another CA does not.
        TlsConfig wrongTrust = new TlsConfig(Mode.ENFORCING, null, null, null, file("client.pem"), null);
        assertTrue(!echoes(wrongTrust), "the client trusted a certificate its trust anchors did not sign");
    }

    @Test
    void unusableFilesAreNamedWhenTheServerIsMade() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new NettyRemotingServer(
                new ServerConfig("127.0.0.1", 0, 16 << 20, 1, 120).withTls(new TlsConfig(Mode.ENFORCING,
                        file("server.pem"), "/no/such/server.key", null, null, null))));
        assertTrue(missing.getMessage().contains("/no/such/server.key"), missing.getMessage());
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class, () -> new NettyRemotingServer(
                new ServerConfig("127.0.0.1", 0, 16 << 20, 1, 120).withTls(new TlsConfig(Mode.ENFORCING,
                        file("server.key"), file("server.pem"), null, null, null))));
        assertTrue(swapped.getMessage().contains("TLS cannot start"), swapped.getMessage());
        IllegalArgumentException noTrust = assertThrows(IllegalArgumentException.class, () -> new NettyRemotingServer(
                new ServerConfig("127.0.0.1", 0, 16 << 20, 1, 120).withTls(new TlsConfig(Mode.ENFORCING,
                        file("server.pem"), file("server.key"), null, null, ClientAuth.REQUIRE))));
        assertTrue(noTrust.getMessage().contains("trust path"), noTrust.getMessage());
        assertEquals(Mode.PERMISSIVE, Mode.parse(" Permissive ", "k"));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("on", "transport.tls.mode"));
    }
}

package org.skiffmq.transport.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingConnectException;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RemotingSendException;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.remoting.SerializeType;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.transport.netty.Threads;
import org.skiffmq.transport.netty.server.NettyRemotingServer;

class NettyRemotingClientTest {
    private static final int ECHO = 100;
    private static final int NEVER_ANSWERS = 104;
    private static final int RECORDS = 107;
    private static final long TIMEOUT = 5_000;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger connects = new AtomicInteger();
    private final BlockingQueue<RemotingChannel> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<RemotingCommand> recorded = new LinkedBlockingQueue<>();
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String address;

    @BeforeEach
    void start() throws RemotingException {
        server = new NettyRemotingServer(new ServerConfig("127.0.0.1", 0, 1 << 20, 1, 120));
        server.registerProcessor(ECHO, (channel, request) -> RemotingCommand.response(ResponseCode.SUCCESS, "ok"),
                executor);
        server.registerProcessor(NEVER_ANSWERS, (channel, request) -> null, executor);
        server.registerProcessor(RECORDS, (channel, request) -> {
            recorded.add(request);
            return null;
        }, executor);
        server.addChannelListener(new ChannelListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                connects.incrementAndGet();
            }

            @Override
            public void onClose(RemotingChannel channel) {
                closes.add(channel);
            }
        });
        server.start();
        address = "127.0.0.1:" + server.localAddress().getPort();
        client = new NettyRemotingClient(ClientConfig.defaults(), SerializeType.JSON);
        client.start();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void concurrentFirstCallsShareOneConnection() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return client.invokeSync(address, RemotingCommand.request(ECHO), TIMEOUT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, executor));
        }
        go.countDown();

        for (CompletableFuture<RemotingCommand> call : calls) {
            assertEquals("ok", call.get(10, TimeUnit.SECONDS).getRemark());
        }
        assertEquals(1, connects.get());
    }

    @Test
    void unreachableAddressFailsSyncCallWithConnectException() throws Exception {
        String nobody = "127.0.0.1:" + closedPort();

        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync(nobody, RemotingCommand.request(ECHO), TIMEOUT));
    }

    @Test
    void unreachableAddressFailsAsyncCallWithConnectException() throws Exception {
        String nobody = "127.0.0.1:" + closedPort();

        CompletableFuture<RemotingCommand> call = client.invokeAsync(nobody, RemotingCommand.request(ECHO), TIMEOUT);

        ExecutionException failure = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemotingConnectException.class, failure.getCause());
    }

    @Test
    void addressWithoutPortFailsWithConnectException() {
        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("127.0.0.1", RemotingCommand.request(ECHO), TIMEOUT));
    }

    @Test
    void closeConnectionMakesTheNextCallReconnect() throws Exception {
        client.invokeSync(address, RemotingCommand.request(ECHO), TIMEOUT);

        client.closeConnection(address);
        assertNotNull(closes.poll(10, TimeUnit.SECONDS));
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(ECHO), TIMEOUT);

        assertEquals("ok", response.getRemark());
        assertEquals(2, connects.get());
    }

    @Test
    void onewayCallIsSentWithTheOnewayFlag() throws Exception {
        client.invokeOneway(address, RemotingCommand.request(RECORDS), TIMEOUT);

        RemotingCommand received = recorded.poll(10, TimeUnit.SECONDS);
        assertNotNull(received);
        assertEquals(RemotingCommand.ONEWAY_FLAG, received.getFlag());
    }

    @Test
    void binaryHeaderClientSendsRocketMqHeaders() throws Exception {
        NettyRemotingClient binary = new NettyRemotingClient(ClientConfig.defaults(), SerializeType.ROCKETMQ);
        binary.start();
        try {
            binary.invokeOneway(address, RemotingCommand.request(RECORDS).putExt("k", "v"), TIMEOUT);

            RemotingCommand received = recorded.poll(10, TimeUnit.SECONDS);
            assertEquals(SerializeType.ROCKETMQ, received.getSerializeType());
            assertEquals("v", received.ext("k"));
        } finally {
            binary.shutdown();
        }
    }

    @Test
    void codeBeyondSixteenBitsGoesAsJsonEvenFromABinaryClient() throws Exception {
        server.registerProcessor(200050, (channel, request) -> {
            recorded.add(request);
            return null;
        }, executor);
        NettyRemotingClient binary = new NettyRemotingClient(ClientConfig.defaults(), SerializeType.ROCKETMQ);
        binary.start();
        try {
            binary.invokeOneway(address, RemotingCommand.request(200050), TIMEOUT);

            RemotingCommand received = recorded.poll(10, TimeUnit.SECONDS);
            assertEquals(SerializeType.JSON, received.getSerializeType());
            assertEquals(200050, received.getCode());
        } finally {
            binary.shutdown();
        }
    }

    @Test
    void serializeTypePropertySelectsBinaryHeaders() {
        String before = System.getProperty(NettyRemotingClient.SERIALIZE_TYPE_PROPERTY);
        try {
            System.setProperty(NettyRemotingClient.SERIALIZE_TYPE_PROPERTY, "ROCKETMQ");
            assertEquals(SerializeType.ROCKETMQ, NettyRemotingClient.configuredHeaderType());
            System.setProperty(NettyRemotingClient.SERIALIZE_TYPE_PROPERTY, "JSON");
            assertEquals(SerializeType.JSON, NettyRemotingClient.configuredHeaderType());
        } finally {
            if (before == null) {
                System.clearProperty(NettyRemotingClient.SERIALIZE_TYPE_PROPERTY);
            } else {
                System.setProperty(NettyRemotingClient.SERIALIZE_TYPE_PROPERTY, before);
            }
        }
    }

    @Test
    void shutdownFailsPendingCallsAndReleasesEveryClientThread() throws Exception {
        client.invokeSync(address, RemotingCommand.request(ECHO), TIMEOUT);
        CompletableFuture<RemotingCommand> pending = client.invokeAsync(address, RemotingCommand.request(NEVER_ANSWERS),
                600_000);

        client.shutdown();
        client.shutdown();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemotingSendException.class, failure.getCause());
        assertEquals(List.of(), Threads.aliveNamed("remoting-client-"));
    }

    @Test
    void callAfterShutdownFailsWithConnectException() {
        client.shutdown();

        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync(address, RemotingCommand.request(ECHO), TIMEOUT));
        assertTrue(client.invokeAsync(address, RemotingCommand.request(ECHO), TIMEOUT).isCompletedExceptionally());
    }
}

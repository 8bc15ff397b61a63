package org.skiffmq.transport.netty.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.HeaderFieldException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RemotingSendException;
import org.skiffmq.api.remoting.RemotingTimeoutException;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.remoting.SerializeType;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.transport.netty.FrameBytes;
import org.skiffmq.transport.netty.RawConnection;
import org.skiffmq.transport.netty.Threads;
import org.skiffmq.transport.netty.client.NettyRemotingClient;

/** A real server and client on 127.0.0.1, one behaviour per test. */
class NettyRemotingServerTest {
    private static final int ECHO = 100;
    private static final int THROWS = 101;
    private static final int BAD_HEADER = 102;
    private static final int THROWS_WITHOUT_MESSAGE = 103;
    private static final int NEVER_ANSWERS = 104;
    private static final int REJECTED = 105;
    private static final int CLOSES_CONNECTION = 106;
    private static final int RECORDS = 107;
    private static final int ANSWERS_LATE = 108;
    private static final int UNENCODABLE_ANSWER = 109;
    private static final int OVERFLOWS_STACK = 110;
    private static final long TIMEOUT = 5_000;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<RemotingCommand> recorded = new LinkedBlockingQueue<>();
    private final BlockingQueue<RemotingChannel> connected = new LinkedBlockingQueue<>();
    private final CountDownLatch releaseLateAnswer = new CountDownLatch(1);
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String address;

    @BeforeEach
    void start() throws RemotingException {
        server = new NettyRemotingServer(new ServerConfig("127.0.0.1", 0, 16 * 1024 * 1024, 1, 120));
        server.registerProcessor(ECHO, (channel, request) -> {
            RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
            response.putExt("echo", request.ext("n"));
            response.putExt("requestHeader", request.getSerializeType().name());
            response.setBody(request.getBody());
            return response;
        }, executor);
        server.registerProcessor(THROWS, (channel, request) -> {
            throw new IllegalStateException("boom");
        }, executor);
        server.registerProcessor(BAD_HEADER, (channel, request) -> {
            request.requiredExt("topic");
            return null;
        }, executor);
        server.registerProcessor(THROWS_WITHOUT_MESSAGE, (channel, request) -> {
            throw new UnsupportedOperationException();
        }, executor);
        server.registerProcessor(NEVER_ANSWERS, (channel, request) -> null, executor);
        server.registerProcessor(REJECTED, (channel, request) -> null, task -> {
            throw new RejectedExecutionException("full");
        });
        server.registerProcessor(CLOSES_CONNECTION, (channel, request) -> {
            channel.close();
            return null;
        }, executor);
        server.registerProcessor(RECORDS, (channel, request) -> {
            recorded.add(request);
            return RemotingCommand.response(ResponseCode.SUCCESS, "should never be sent for one-way requests");
        }, executor);
        server.registerProcessor(ANSWERS_LATE, (channel, request) -> {
            releaseLateAnswer.await();
            return RemotingCommand.response(ResponseCode.SUCCESS, "late");
        }, executor);
        server.registerProcessor(OVERFLOWS_STACK, (channel, request) -> {
            throw new StackOverflowError();
        }, executor);
        server.registerProcessor(UNENCODABLE_ANSWER, (channel, request) ->
                // a remark beyond the 24-bit header length: the encoder refuses it
                RemotingCommand.response(ResponseCode.SUCCESS, "x".repeat(17 << 20)), executor);
        server.addChannelListener(new ChannelListener() {
            @Override
            public void onConnect(RemotingChannel channel) {
                connected.add(channel);
            }
        });
        server.start();
        address = "127.0.0.1:" + server.localAddress().getPort();
        client = new NettyRemotingClient(ClientConfig.defaults(), SerializeType.JSON);
        client.start();
    }

    @AfterEach
    void stop() {
        releaseLateAnswer.countDown();
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private static boolean waitUntil(java.util.function.BooleanSupplier condition, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static RemotingCommand request(int code) {
        return RemotingCommand.request(code);
    }

    @Test
    void localAddressHasTheFreePortItBound() {
        assertTrue(server.localAddress().getPort() > 0);
        assertEquals("127.0.0.1", server.localAddress().getAddress().getHostAddress());
    }

    @Test
    void syncRequestGetsItsResponse() throws Exception {
        RemotingCommand request = request(ECHO).putExt("n", "7");
        request.setBody("payload".getBytes(UTF_8));

        RemotingCommand response = client.invokeSync(address, request, TIMEOUT);

        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertEquals(request.getOpaque(), response.getOpaque());
        assertTrue(response.isResponse());
        assertEquals("7", response.ext("echo"));
        assertArrayEquals("payload".getBytes(UTF_8), response.getBody());
    }

    @Test
    void asyncRequestsCompleteWithTheirOwnResponses() throws Exception {
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(client.invokeAsync(address, request(ECHO).putExt("n", i), TIMEOUT));
        }

        for (int i = 0; i < futures.size(); i++) {
            assertEquals(Integer.toString(i), futures.get(i).get(10, TimeUnit.SECONDS).ext("echo"));
        }
    }

    @Test
    void responsesAreJsonEvenForBinaryRequests() throws Exception {
        NettyRemotingClient binaryClient = new NettyRemotingClient(ClientConfig.defaults(), SerializeType.ROCKETMQ);
        binaryClient.start();
        try {
            RemotingCommand response = binaryClient.invokeSync(address, request(ECHO), TIMEOUT);

            assertEquals("ROCKETMQ", response.ext("requestHeader"));
            assertEquals(SerializeType.JSON, response.getSerializeType());
        } finally {
            binaryClient.shutdown();
        }
    }

    @Test
    void onewayRequestReachesItsProcessor() throws Exception {
        client.invokeOneway(address, request(RECORDS).putExt("n", "1"), TIMEOUT);

        RemotingCommand received = recorded.poll(10, TimeUnit.SECONDS);
        assertNotNull(received);
        assertTrue(received.isOneway());
        assertEquals("1", received.ext("n"));
    }

    @Test
    void onewayRequestIsNeverAnswered() throws Exception {
        try (RawConnection raw = new RawConnection(server.localAddress())) {
            RemotingCommand oneway = request(RECORDS).markOneway();
            RemotingCommand unknownOneway = request(9999).markOneway();
            RemotingCommand followUp = request(ECHO);
            raw.send(FrameBytes.bytes(oneway));
            raw.send(FrameBytes.bytes(unknownOneway));
            assertNotNull(recorded.poll(10, TimeUnit.SECONDS));
            raw.send(FrameBytes.bytes(followUp));

            RemotingCommand first = raw.readFrame();

            assertEquals(followUp.getOpaque(), first.getOpaque());
        }
    }

    @Test
    void unknownCodeIsAnsweredNotSupportedWithRocketMqsRemark() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(9999), TIMEOUT);

        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
        assertEquals(" request type 9999 not supported", response.getRemark());
    }

    @Test
    void rejectedRequestIsAnsweredSystemBusy() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(REJECTED), TIMEOUT);

        assertEquals(ResponseCode.SYSTEM_BUSY, response.getCode());
        assertTrue(response.getRemark().startsWith("[OVERLOAD]"), response.getRemark());
    }

    @Test
    void processorExceptionIsAnsweredSystemErrorWithItsMessage() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(THROWS), TIMEOUT);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertEquals("boom", response.getRemark());
    }

    @Test
    void processorExceptionWithoutMessageIsAnsweredWithItsClassName() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(THROWS_WITHOUT_MESSAGE), TIMEOUT);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertEquals(UnsupportedOperationException.class.getName(), response.getRemark());
    }

    @Test
    void processorStackOverflowIsAnsweredSystemError() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(OVERFLOWS_STACK), TIMEOUT);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertEquals(StackOverflowError.class.getName(), response.getRemark());
    }

    @Test
    void headerFieldExceptionIsAnsweredSystemErrorNamingTheField() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(BAD_HEADER), TIMEOUT);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertEquals(HeaderFieldException.missing("topic").getMessage(), response.getRemark());
    }

    @Test
    void responseThatCannotBeEncodedIsAnsweredSystemErrorAndTheConnectionKeepsWorking() throws Exception {
        RemotingCommand response = client.invokeSync(address, request(UNENCODABLE_ANSWER), TIMEOUT);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertTrue(response.getRemark().startsWith("the response could not be encoded: "), response.getRemark());
        assertEquals(ResponseCode.SUCCESS, client.invokeSync(address, request(ECHO), TIMEOUT).getCode());
    }

    @Test
    void everyRequestGivesItsInboundBudgetBackHoweverItEnds() throws Exception {
        client.invokeSync(address, request(9999), TIMEOUT);
        client.invokeSync(address, request(REJECTED), TIMEOUT);
        client.invokeSync(address, request(THROWS), TIMEOUT);
        client.invokeSync(address, request(BAD_HEADER), TIMEOUT);
        RemotingCommand big = request(ECHO);
        big.setBody(new byte[1 << 20]);
        client.invokeSync(address, big, TIMEOUT);
        client.invokeOneway(address, request(RECORDS), TIMEOUT);
        assertNotNull(recorded.poll(TIMEOUT, TimeUnit.MILLISECONDS));
        try (RawConnection raw = new RawConnection(server.localAddress())) {
            // the first 8 bytes of a 1 MiB frame, then the connection closes
            raw.send(new byte[] {0, 16, 0, 0, 0, 0, 0, 2});
            assertTrue(waitUntil(() -> server.inboundBudget().used() > 0, TIMEOUT));
        }

        assertTrue(waitUntil(() -> server.inboundBudget().used() == 0, TIMEOUT),
                "budget still charged: " + server.inboundBudget());
    }

    @Test
    void unansweredSyncRequestTimesOut() {
        assertThrows(RemotingTimeoutException.class, () -> client.invokeSync(address, request(NEVER_ANSWERS), 200));
    }

    @Test
    void unansweredAsyncRequestFailsWithTimeout() {
        CompletableFuture<RemotingCommand> future = client.invokeAsync(address, request(NEVER_ANSWERS), 200);

        ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemotingTimeoutException.class, failure.getCause());
    }

    @Test
    void lateResponseIsDroppedAndTheConnectionKeepsWorking() throws Exception {
        assertThrows(RemotingTimeoutException.class, () -> client.invokeSync(address, request(ANSWERS_LATE), 200));
        releaseLateAnswer.countDown();

        assertEquals("1", client.invokeSync(address, request(ECHO).putExt("n", "1"), TIMEOUT).ext("echo"));
        assertEquals(1, connected.size());
    }

    @Test
    void closedConnectionFailsItsPendingCallsWithoutWaitingForTheTimeout() {
        CompletableFuture<RemotingCommand> pending = client.invokeAsync(address, request(NEVER_ANSWERS), 600_000);
        CompletableFuture<RemotingCommand> closing = client.invokeAsync(address, request(CLOSES_CONNECTION), 600_000);

        for (CompletableFuture<RemotingCommand> future : List.of(pending, closing)) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> future.get(10, TimeUnit.SECONDS));
            assertInstanceOf(RemotingSendException.class, failure.getCause());
        }
    }

    @Test
    void serverInvokesTheClientOverItsConnection() throws Exception {
        client.registerProcessor(200, (channel, request) ->
                RemotingCommand.response(ResponseCode.SUCCESS, "client says " + request.ext("q")), executor);
        client.invokeSync(address, request(ECHO), TIMEOUT);
        RemotingChannel toClient = connected.poll(10, TimeUnit.SECONDS);

        RemotingCommand response = toClient.invoke(request(200).putExt("q", "hi"), TIMEOUT).get(10, TimeUnit.SECONDS);

        assertEquals("client says hi", response.getRemark());
    }

    @Test
    void serverOnewayRequestReachesTheClientsProcessor() throws Exception {
        BlockingQueue<RemotingCommand> notified = new LinkedBlockingQueue<>();
        client.registerProcessor(40, (channel, request) -> {
            notified.add(request);
            return null;
        }, executor);
        client.invokeSync(address, request(ECHO), TIMEOUT);

        connected.poll(10, TimeUnit.SECONDS).sendOneway(request(40).putExt("consumerGroup", "CG"));

        RemotingCommand notification = notified.poll(10, TimeUnit.SECONDS);
        assertNotNull(notification);
        assertTrue(notification.isOneway());
        assertEquals("CG", notification.ext("consumerGroup"));
    }

    @Test
    void listenersHearConnectAndClose() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        server.addChannelListener(new ChannelListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                closed.countDown();
            }
        });
        client.invokeSync(address, request(ECHO), TIMEOUT);
        RemotingChannel channel = connected.poll(10, TimeUnit.SECONDS);
        assertNotNull(channel);
        assertTrue(channel.isActive());
        assertEquals("127.0.0.1", channel.remoteAddress().getAddress().getHostAddress());

        client.closeConnection(address);

        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertFalse(channel.isActive());
    }

    @Test
    void idleConnectionIsReportedAndClosed() throws Exception {
        NettyRemotingServer idleServer = new NettyRemotingServer(new ServerConfig("127.0.0.1", 0, 1 << 20, 1, 1));
        CountDownLatch idle = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        idleServer.addChannelListener(new ChannelListener() {
            @Override
            public void onIdle(RemotingChannel channel) {
                idle.countDown();
            }

            @Override
            public void onClose(RemotingChannel channel) {
                closed.countDown();
            }
        });
        idleServer.start();
        try (RawConnection raw = new RawConnection(idleServer.localAddress())) {
            assertTrue(idle.await(10, TimeUnit.SECONDS));
            assertTrue(closed.await(10, TimeUnit.SECONDS));
            assertTrue(raw.closedByPeer());
        } finally {
            idleServer.shutdown();
        }
    }

    @Test
    void bindingAPortInUseFailsNamingAddressAndPort() {
        int port = server.localAddress().getPort();
        NettyRemotingServer second = new NettyRemotingServer(ServerConfig.of("127.0.0.1", port));

        RemotingException failure = assertThrows(RemotingException.class, second::start);

        assertTrue(failure.getMessage().contains("127.0.0.1:" + port), failure.getMessage());
        second.shutdown();
    }

    @Test
    void shutdownReleasesEveryServerThreadAndIsIdempotent() throws Exception {
        client.invokeSync(address, request(ECHO), TIMEOUT);

        server.shutdown();
        server.shutdown();

        assertEquals(List.of(), Threads.aliveNamed("remoting-server-"));
        assertThrows(RemotingException.class, () -> client.invokeSync(address, request(ECHO), TIMEOUT));
    }
}

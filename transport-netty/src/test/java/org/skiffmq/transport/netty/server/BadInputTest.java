package org.skiffmq.transport.netty.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.transport.netty.RawConnection;
import org.skiffmq.transport.netty.client.NettyRemotingClient;

/** Hostile bytes on raw sockets close their own connection and nothing else. */
class BadInputTest {
    private static final int ECHO = 100;
    private static final int MAX_FRAME = 4096;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String address;

    @BeforeEach
    void start() throws RemotingException {
        server = new NettyRemotingServer(new ServerConfig("127.0.0.1", 0, MAX_FRAME, 1, 120));
        server.registerProcessor(ECHO, (channel, request) -> RemotingCommand.response(ResponseCode.SUCCESS, "ok"),
                executor);
        server.start();
        address = "127.0.0.1:" + server.localAddress().getPort();
        client = new NettyRemotingClient(ClientConfig.defaults());
        client.start();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    /** A well-behaved client keeps calling on its own connection until told to stop. */
    private CompletableFuture<Integer> callInALoopUntil(AtomicBoolean stop) {
        return CompletableFuture.supplyAsync(() -> {
            int completed = 0;
            try {
                do {
                    RemotingCommand response = client.invokeSync(address, RemotingCommand.request(ECHO), 5_000);
                    assertEquals(ResponseCode.SUCCESS, response.getCode());
                    completed++;
                } while (!stop.get());
            } catch (RemotingException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return completed;
        });
    }

    private void assertHostileBytesCloseOnlyTheirConnection(byte[] hostile) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> goodClient = callInALoopUntil(stop);
        boolean closed;
        try (RawConnection raw = new RawConnection(server.localAddress())) {
            raw.send(hostile);
            closed = raw.closedByPeer();
        } finally {
            stop.set(true);
        }
        assertTrue(closed, "the server kept the hostile connection open");
        assertTrue(goodClient.get(10, TimeUnit.SECONDS) > 0);
        assertEquals("ok", client.invokeSync(address, RemotingCommand.request(ECHO), 5_000).getRemark());
    }

    private static byte[] frame(int frameLength, byte[] header) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(frameLength - 4).writeInt(header.length).writeBytes(header)
                .writeZero(frameLength - 8 - header.length);
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.release();
        return bytes;
    }

    private static byte[] echoFrameOfLength(int frameLength) {
        byte[] header = "{\"code\":100,\"flag\":0,\"opaque\":77}".getBytes(UTF_8);
        return frame(frameLength, header);
    }

    @Test
    void randomBytesCloseTheirConnection() throws Exception {
        byte[] garbage = new byte[256];
        new Random(20240607).nextBytes(garbage);

        assertHostileBytesCloseOnlyTheirConnection(garbage);
    }

    @Test
    void twoGibLengthPrefixClosesTheConnection() throws Exception {
        assertHostileBytesCloseOnlyTheirConnection(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void headerThatIsNotJsonClosesTheConnection() throws Exception {
        assertHostileBytesCloseOnlyTheirConnection(frame(8 + 11, "not json!!!".getBytes(UTF_8)));
    }

    @Test
    void unknownSerializeTypeClosesTheConnection() throws Exception {
        assertHostileBytesCloseOnlyTheirConnection(new byte[] {0, 0, 0, 4, 7, 0, 0, 0});
    }

    @Test
    void frameExactlyAtTheMaximumIsServed() throws IOException {
        try (RawConnection raw = new RawConnection(server.localAddress())) {
            raw.send(echoFrameOfLength(MAX_FRAME));

            RemotingCommand response = raw.readFrame();

            assertEquals(77, response.getOpaque());
            assertEquals(ResponseCode.SUCCESS, response.getCode());
        }
    }

    @Test
    void frameOneByteOverTheMaximumClosesTheConnection() throws Exception {
        assertHostileBytesCloseOnlyTheirConnection(echoFrameOfLength(MAX_FRAME + 1));
    }

    @Test
    void manyHostileConnectionsLeaveTheServerServing() throws Exception {
        List<RawConnection> hostile = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawConnection raw = new RawConnection(server.localAddress());
                hostile.add(raw);
                raw.send(new byte[] {(byte) 0xFF, 0, 0, 0});
            }
            for (RawConnection raw : hostile) {
                assertTrue(raw.closedByPeer());
            }
        } finally {
            for (RawConnection raw : hostile) {
                raw.close();
            }
        }
        assertEquals("ok", client.invokeSync(address, RemotingCommand.request(ECHO), 5_000).getRemark());
    }
}

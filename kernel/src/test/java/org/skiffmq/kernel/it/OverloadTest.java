package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.SendSection;
import org.skiffmq.kernel.config.TransportSection;

/**
 * Overload and slow peers against an in-process broker: a client that never reads its answers,
 * a thousand idle connections, a flood of 500 producers at once. Memory is measured, not timed.
 */
class OverloadTest {
    /** The most a non-reading client may push into the broker before it is no longer read from. */
    private static final long UNREAD_WRITE_LIMIT = 256L << 20;
    private static final long HEAP_GROWTH_LIMIT = 128L << 20;

    @TempDir
    Path dir;

    private static InetSocketAddress address(String hostPort) {
        String[] hp = hostPort.split(":");
        return new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
    }

    /**
     * Heap in use, as MemoryMXBean's heap usage reports it (java.management is not among the
     * modules the kernel's patched test module reads, so through Runtime).
     */
    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long heapAfterGc() {
        System.gc();
        return heapUsed();
    }

    @Test
    void clientThatNeverReadsIsNoLongerReadFromWhileAnotherProducerKeepsItsService() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_POLITE");
            try (SocketChannel rude = SocketChannel.open()) {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("Polite", "warm".getBytes())).getSendStatus());
                long heapBefore = heapAfterGc();
                // A small receive window, so the broker's answers back up into its own buffers soon.
                rude.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                rude.connect(address(server.brokerAddress()));
                rude.configureBlocking(false);
                ByteBuffer frame = ByteBuffer.wrap(RawFrames.encode(
                        RemotingTestClient.sendV2("Rude", 0, "", new byte[200])));
                long written = 0;
                long heapPeak = 0;
                int stalledPolls = 0;
                // Write until the broker stops taking bytes (it paused reading once its outbound
                // buffer passed the high watermark, and the TCP windows filled), or until so much
                // went in that it evidently never stops.
                while (stalledPolls < 200 && written < UNREAD_WRITE_LIMIT) {
                    frame.rewind();
                    int n = 0;
                    while (frame.hasRemaining()) {
                        int w = rude.write(frame);
                        if (w == 0) {
                            break;
                        }
                        n += w;
                    }
                    written += n;
                    if (n == 0) {
                        stalledPolls++;
                        Thread.sleep(10);
                    } else {
                        stalledPolls = 0;
                    }
                    if (n < frame.limit()) {
                        // finish the partial frame before the next one, or the stream breaks
                        while (frame.hasRemaining() && written < UNREAD_WRITE_LIMIT) {
                            int w = rude.write(frame);
                            written += w;
                            if (w == 0) {
                                stalledPolls++;
                                Thread.sleep(10);
                                if (stalledPolls >= 200) {
                                    break;
                                }
                            }
                        }
                    }
                    heapPeak = Math.max(heapPeak, heapUsed());
                }
                assertTrue(written < UNREAD_WRITE_LIMIT, "the broker kept reading " + written
                        + " bytes from a client that never reads its answers");
                long storedBefore = server.broker().store().maxQueueOffset("Rude", 0);
                // The paused connection does not hold up anyone else.
                for (int i = 0; i < 100; i++) {
                    assertEquals(SendStatus.SEND_OK,
                            producer.send(new Message("Polite", ("m" + i).getBytes())).getSendStatus());
                }
                long storedAfter = server.broker().store().maxQueueOffset("Rude", 0);
                long heapRetained = heapAfterGc() - heapBefore;
                long direct = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                System.out.printf("unread client: %d bytes written before the broker stopped reading, %d of its"
                                + " messages stored (%d while paused), heap peak %d MB, retained %+d MB, Netty direct"
                                + " memory %d MB%n", written, storedAfter, storedAfter - storedBefore,
                        heapPeak >> 20, heapRetained >> 20, direct >> 20);
                assertEquals(storedBefore, storedAfter, "the paused connection was still being read");
                assertTrue(heapRetained < HEAP_GROWTH_LIMIT, "heap grew by " + heapRetained + " bytes");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void thousandIdleConnectionsCloseAfterTheIdleTimeWithoutBlockingAProducer() throws Exception {
        int idleSeconds = 2;
        try (SkiffServer server = SkiffServer.start(TestBroker.config(dir, "async")
                .transport(new TransportSection(null, null, null, idleSeconds)), dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_BUSY");
            List<Socket> idle = new ArrayList<>();
            try {
                long connected = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    Socket s = new Socket();
                    idle.add(s);
                    s.connect(address(server.brokerAddress()), 5000);
                }
                long allConnected = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    assertEquals(SendStatus.SEND_OK,
                            producer.send(new Message("Busy", ("m" + i).getBytes())).getSendStatus());
                }
                int closed = 0;
                long earliestCloseMillis = Long.MAX_VALUE;
                for (Socket s : idle) {
                    s.setSoTimeout(30_000);
                    try {
                        if (s.getInputStream().read() == -1) {
                            closed++;
                        }
                    } catch (SocketTimeoutException stillOpen) {
                        // counted as not closed
                    } catch (IOException reset) {
                        closed++;
                    }
                    earliestCloseMillis = Math.min(earliestCloseMillis, (System.nanoTime() - connected) / 1_000_000);
                }
                System.out.printf("idle connections: %d of %d closed; connecting took %d ms; first close seen %d ms"
                        + " after the first connect%n", closed, idle.size(), (allConnected - connected) / 1_000_000,
                        earliestCloseMillis);
                assertEquals(idle.size(), closed);
                // Closed for being idle, not at once: every idle timer started after the first
                // connect, so no close can come sooner than the idle time after it.
                assertTrue(earliestCloseMillis >= idleSeconds * 1000L, "connections closed "
                        + earliestCloseMillis + " ms after the first connect, before the idle time");
                // The producer's own connection is busy, not idle: it still works.
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("Busy", "after".getBytes())).getSendStatus());
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
                producer.shutdown();
            }
        }
    }

    @Test
    void floodOf500ProducersIsAnsweredSendOkOrSystemBusyOnEveryConnection() throws Exception {
        int connections = 500;
        int perConnection = 4;
        // One send thread with room for 50 waiting sends: 2,000 requests at once must overflow it.
        try (SkiffServer server = SkiffServer.start(TestBroker.config(dir, "async")
                .send(new SendSection(null, 1, 50)), dir)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                byte[][] frames = new byte[perConnection][];
                for (int i = 0; i < perConnection; i++) {
                    frames[i] = RawFrames.encode(RemotingTestClient.sendV2("Flood", 0, "", new byte[512]));
                }
                for (int c = 0; c < connections; c++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    s.connect(address(server.brokerAddress()), 5000);
                }
                byte[] burst = concat(frames);
                for (Socket s : sockets) {
                    s.getOutputStream().write(burst);
                }
                int ok = 0;
                int busy = 0;
                for (Socket s : sockets) {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    for (int i = 0; i < perConnection; i++) {
                        RemotingCommand answer = RawFrames.read(in);
                        assertNotNull(answer, "a flooding connection was closed instead of answered");
                        if (answer.getCode() == ResponseCode.SUCCESS) {
                            ok++;
                        } else {
                            assertEquals(ResponseCode.SYSTEM_BUSY, answer.getCode(), answer.getRemark());
                            assertTrue(answer.getRemark().startsWith("[OVERLOAD]"), answer.getRemark());
                            busy++;
                        }
                    }
                }
                long stored = server.broker().store().maxQueueOffset("Flood", 0);
                System.out.printf("flood: %d connections x %d sends: %d SEND_OK, %d SYSTEM_BUSY, %d stored%n",
                        connections, perConnection, ok, busy, stored);
                assertEquals(connections * perConnection, ok + busy);
                assertTrue(busy > 0, "2,000 sends at once fit a 50-slot queue: the bound is not applied");
                assertTrue(ok > 0, "nothing got through");
                // A refused send is not kept anywhere: exactly the acknowledged ones are stored.
                assertEquals(ok, stored);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static byte[] concat(byte[][] parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            all.put(p);
        }
        return all.array();
    }
}

package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ServerConfig;

/**
 * A flood of connections each sending one frame just under the maximum frame length (16 MiB,
 * the default) against a broker in a child JVM with a small heap ({@value #HEAP}): together they
 * are four times its heap. The broker's inbound budget (default: a quarter of its heap) holds
 * the rest of them back; it must stay up, answer every flood frame SEND_OK or SYSTEM_BUSY, and
 * serve an ordinary producer meanwhile.
 */
class LargeFrameFloodTest {
    private static final String HEAP = "-Xmx256m";
    private static final int CONNECTIONS = 64;
    private static final int FRAME_LENGTH = ServerConfig.DEFAULT_MAX_FRAME_LENGTH - 1024;

    @TempDir
    Path dir;

    @Test
    void floodOfLargeFramesLeavesTheBrokerUpAndServingAnOrdinaryProducer() throws Exception {
        try (ChildBroker child = new ChildBroker(dir, String.join("\n",
                "plugins: { dir: no-plugins }",
                "store: { dir: data, commitLogFileSize: 256m, maxMessageSize: 16m }",
                ""), HEAP)) {
            child.launch();
            child.awaitReady(60);
            byte[] frame = floodFrame();
            ExecutorService flooders = Executors.newFixedThreadPool(CONNECTIONS);
            CountDownLatch writing = new CountDownLatch(CONNECTIONS);
            AtomicInteger answered = new AtomicInteger();
            Map<Integer, Integer> answers = new ConcurrentHashMap<>();
            List<Future<?>> floods = new ArrayList<>();
            // Started and warmed up before the flood, so its sends below fall in the thick of it.
            DefaultMQProducer producer = OfficialClient.producer(child.nameServerAddress(), "PG_ORDINARY");
            // A send may queue behind the few 16 MiB ones the budget lets in, each taking up to a
            // second to store on a busy two-core machine: room for that, not for a stalled broker.
            producer.setSendMsgTimeout(10_000);
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("Ordinary", "warm".getBytes())).getSendStatus());
                for (int c = 0; c < CONNECTIONS; c++) {
                    floods.add(flooders.submit(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(address(child.brokerAddress()), 10_000);
                            s.setSoTimeout(180_000);
                            writing.countDown();
                            s.getOutputStream().write(frame);
                            InputStream in = s.getInputStream();
                            RemotingCommand answer = RawFrames.read(in);
                            if (answer == null) {
                                throw new AssertionError("a flood connection was closed instead of answered");
                            }
                            answers.merge(answer.getCode(), 1, Integer::sum);
                            answered.incrementAndGet();
                        }
                        return null;
                    }));
                }
                assertTrue(writing.await(60, TimeUnit.SECONDS), "the flood connections did not all connect");

                long slowestMillis = 0;
                int answeredAtFirstSend = -1;
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    assertEquals(SendStatus.SEND_OK,
                            producer.send(new Message("Ordinary", ("m" + i).getBytes())).getSendStatus());
                    slowestMillis = Math.max(slowestMillis, (System.nanoTime() - start) / 1_000_000);
                    if (i == 0) {
                        answeredAtFirstSend = answered.get();
                    }
                }
                int answeredWhileProducing = answered.get();

                for (Future<?> flood : floods) {
                    flood.get(240, TimeUnit.SECONDS);
                }
                int ok = answers.getOrDefault(ResponseCode.SUCCESS, 0);
                int busy = answers.getOrDefault(ResponseCode.SYSTEM_BUSY, 0);
                System.out.printf("large-frame flood: broker heap %s, %d connections x 1 frame of %d bytes"
                                + " (%d MiB in all): %d SEND_OK, %d SYSTEM_BUSY; the ordinary producer's 20 sends"
                                + " were SEND_OK (slowest %d ms); %d flood frames had been answered at the first,"
                                + " %d at the last%n", HEAP, CONNECTIONS, frame.length,
                        (long) CONNECTIONS * frame.length >> 20, ok, busy, slowestMillis, answeredAtFirstSend,
                        answeredWhileProducing);
                assertEquals(CONNECTIONS, ok + busy, "flood answers other than SEND_OK or SYSTEM_BUSY: " + answers);
                assertTrue(answeredAtFirstSend < CONNECTIONS,
                        "the flood was over before the ordinary producer sent: this test proves nothing");
                // still up and serving after the flood
                assertEquals(SendStatus.SEND_OK,
                        producer.send(new Message("Ordinary", "after".getBytes())).getSendStatus());
            } finally {
                producer.shutdown();
                flooders.shutdownNow();
            }
            String log = Files.readString(child.log());
            assertFalse(log.contains("OutOfMemoryError") || log.contains("OutOfDirectMemoryError"),
                    "the broker ran out of memory:\n" + child.tail());
            assertTrue(child.stopGracefully(), "the broker did not stop cleanly:\n" + child.tail());
        }
    }

    /** One SEND_MESSAGE_V2 frame of exactly {@link #FRAME_LENGTH} bytes, length prefix included. */
    private static byte[] floodFrame() {
        int header = RawFrames.encode(RemotingTestClient.sendV2("Flood", 0, "", new byte[0])).length;
        byte[] frame = RawFrames.encode(RemotingTestClient.sendV2("Flood", 0, "", new byte[FRAME_LENGTH - header]));
        assertEquals(FRAME_LENGTH, frame.length);
        return frame;
    }

    private static InetSocketAddress address(String hostPort) {
        String[] hp = hostPort.split(":");
        return new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
    }
}

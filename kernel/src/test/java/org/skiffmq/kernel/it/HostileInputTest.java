package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;

/**
 * Garbage on one connection closes that connection only: the official producer keeps sending on
 * its own connection throughout, and every one of its sends succeeds.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    /** Writes bytes on a fresh connection and reports whether the broker closed it. */
    private static boolean closedAfter(String address, byte[] bytes) throws Exception {
        String[] hp = address.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 3000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            try {
                // The broker answers nothing to a malformed frame: the next read sees the close.
                return in.read() == -1;
            } catch (SocketException reset) {
                return true;
            }
        }
    }

    private static byte[] frame(int length, int headerWord, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).putInt(length).putInt(headerWord).put(rest).array();
    }

    @Test
    void malformedFramesCloseOnlyTheirConnectionWhileAProducerKeepsSending() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_STEADY");
            ExecutorService sender = Executors.newSingleThreadExecutor();
            AtomicBoolean hostileDone = new AtomicBoolean();
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("Steady", "warm".getBytes())).getSendStatus());
                Future<Integer> steady = sender.submit(() -> {
                    int sent = 0;
                    while (!hostileDone.get() || sent < 50) {
                        SendStatus status = producer.send(new Message("Steady", ("m" + sent).getBytes())).getSendStatus();
                        assertEquals(SendStatus.SEND_OK, status);
                        sent++;
                    }
                    return sent;
                });
                byte[] random = new byte[4096];
                new Random(42).nextBytes(random);
                // Random bytes whose first word reads as an impossible (negative) frame length; a
                // plausible length would rightly make the broker wait for the rest of the frame.
                random[0] |= (byte) 0x80;
                byte[] notJson = "this is not json".getBytes(StandardCharsets.US_ASCII);
                List<byte[]> attacks = List.of(
                        random,
                        frame(Integer.MAX_VALUE, 16, new byte[16]),
                        frame(4 + notJson.length, notJson.length, notJson),
                        frame(8, 0x7F000004, new byte[4]));
                for (int i = 0; i < attacks.size(); i++) {
                    assertTrue(closedAfter(server.brokerAddress(), attacks.get(i)), "attack " + i + " left its connection open");
                }
                hostileDone.set(true);
                assertTrue(steady.get() >= 50);
            } finally {
                hostileDone.set(true);
                sender.shutdownNow();
                producer.shutdown();
            }
        }
    }

    @Test
    void unknownRequestCodeIsAnsweredAndTheConnectionStays() throws Exception {
        try (SkiffServer server = TestBroker.start(dir); RemotingTestClient client =
                new RemotingTestClient(server.brokerAddress())) {
            assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    client.call(org.skiffmq.api.remoting.RemotingCommand.request(4242)).getCode());
            assertEquals(ResponseCode.SUCCESS,
                    client.call(RemotingTestClient.sendV2("Same", 0, "", "still here".getBytes())).getCode());
        }
    }
}

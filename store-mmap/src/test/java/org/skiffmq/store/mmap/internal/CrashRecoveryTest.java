package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.STORE_TIME;
import static org.skiffmq.store.mmap.internal.TestMessages.bytes;
import static org.skiffmq.store.mmap.internal.TestMessages.expectedRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutStatus;

/**
 * SIGKILL a process that appends with SYNC flush from several threads, then recover its directory:
 * every acknowledged message is there byte for byte, and every indexed record decodes with a valid
 * CRC.
 */
class CrashRecoveryTest {
    private static final int ACKS_BEFORE_KILL = 4000;
    private static final int FILE_SIZE = 256 * 1024;
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    record Ack(int thread, long seq, int queueId, long queueOffset, long physicalOffset) {
    }

    @Test
    @Timeout(180)
    void everyAcknowledgedMessageSurvivesAKill() throws Exception {
        Path stderr = dir.resolve("child-stderr.txt");
        Path data = dir.resolve("store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), data.toString(), Integer.toString(FILE_SIZE), Integer.toString(THREADS))
                .redirectError(stderr.toFile())
                .start();
        List<Ack> acks = new ArrayList<>();
        long firstAckNanos = 0;
        long killNanos = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("ACK ")) {
                    continue;
                }
                String[] f = line.split(" ");
                acks.add(new Ack(Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5])));
                if (acks.size() == 1) {
                    firstAckNanos = System.nanoTime();
                }
                if (acks.size() == ACKS_BEFORE_KILL) {
                    killNanos = System.nanoTime();
                    // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
                    // pipe, and the acks the child printed just before dying must be read too
                    child.toHandle().destroyForcibly();
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acks.size() >= ACKS_BEFORE_KILL, "child died early after " + acks.size() + " acks: "
                + Files.readString(stderr));
        double seconds = (killNanos - firstAckNanos) / 1e9;
        System.out.printf("crash test: %d acknowledged SYNC puts from %d threads in %.2f s = %.0f puts/s before"
                + " SIGKILL%n", ACKS_BEFORE_KILL, THREADS, seconds, ACKS_BEFORE_KILL / seconds);

        MmapMessageStore store = new MmapMessageStore(TestMessages.syncConfig(data, 5000)
                .withCommitLogFileSize(FILE_SIZE), TestMessages.CLOCK);
        long startNanos = System.nanoTime();
        store.start();
        System.out.printf("crash test: recovery of %d bytes took %.1f ms%n", store.maxPhysicalOffset(),
                (System.nanoTime() - startNanos) / 1e6);
        try {
            for (Ack a : acks) {
                BrokerMessage m = CrashWriter.message(a.thread(), a.seq());
                GetResult got = store.getMessages(CrashWriter.TOPIC, a.queueId(), a.queueOffset(), 1, 1 << 20,
                        MessageFilter.ALL);
                assertEquals(GetStatus.FOUND, got.status(), a.toString());
                assertArrayEquals(expectedRecord(m, a.queueOffset(), a.physicalOffset(), STORE_TIME),
                        bytes(got.messages().get(0)), a.toString());
            }
            long records = 0;
            for (int q = 0; q < CrashWriter.QUEUES; q++) {
                long max = store.maxQueueOffset(CrashWriter.TOPIC, q);
                long offset = 0;
                while (offset < max) {
                    GetResult got = store.getMessages(CrashWriter.TOPIC, q, offset, 256, 1 << 20, MessageFilter.ALL);
                    assertEquals(GetStatus.FOUND, got.status());
                    for (ByteBuffer record : got.messages()) {
                        StoredMessage m = StoredMessageCodec.decode(record.duplicate(), true);
                        assertEquals(offset++, m.getQueueOffset());
                        assertEquals(q, m.getQueueId());
                        records++;
                    }
                }
            }
            assertTrue(records >= acks.size());
            long end = store.maxPhysicalOffset();
            assertEquals(PutStatus.PUT_OK, store.put(CrashWriter.message(0, 1_000_000)).get(10, TimeUnit.SECONDS).status());
            assertEquals(end, store.readMessage(end).getPhysicalOffset());
            System.out.printf("crash test: %d acks checked, %d records recovered%n", acks.size(), records);
        } finally {
            store.shutdown();
        }
    }
}

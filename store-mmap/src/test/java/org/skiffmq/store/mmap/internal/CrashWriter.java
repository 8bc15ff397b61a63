package org.skiffmq.store.mmap.internal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;

/**
 * The child process of {@link CrashRecoveryTest}: opens a SYNC-flush store and appends from
 * several threads until killed, printing {@code ACK thread seq queueId queueOffset physicalOffset}
 * for every PUT_OK. Never shuts down: the parent kills it with SIGKILL.
 *
 * <p>Arguments: directory, commit-log file size, threads.
 */
public final class CrashWriter {
    static final String TOPIC = "Crash";
    static final int QUEUES = 3;

    private CrashWriter() {
    }

    /** The message thread {@code t} sends as its {@code seq}-th; the parent rebuilds it to compare bytes. */
    static BrokerMessage message(int t, long seq) {
        String body = "t" + t + "-m" + seq + "-" + "x".repeat((int) ((t * 31 + seq) % 300));
        return TestMessages.message(TOPIC, t % QUEUES, body, seq % 2 == 0 ? "even" : "odd");
    }

    public static void main(String[] args) throws Exception {
        MmapStoreConfig config = TestMessages.syncConfig(Path.of(args[0]), 5000)
                .withCommitLogFileSize(Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        MmapMessageStore store = new MmapMessageStore(config, TestMessages.CLOCK);
        store.start();
        Thread flusher = new Thread(() -> {
            while (true) {
                synchronized (out) {
                    out.flush();
                }
                try {
                    Thread.sleep(2); // stdout batching only; the store itself never sleeps
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        flusher.setDaemon(true);
        flusher.start();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (long seq = 0; ; seq++) {
                    PutResult r = store.put(message(thread, seq)).join();
                    if (r.status() == PutStatus.PUT_OK) {
                        synchronized (out) {
                            out.println("ACK " + thread + " " + seq + " " + (thread % QUEUES) + " " + r.queueOffset()
                                    + " " + r.physicalOffsets()[0]);
                        }
                    }
                }
            }, "writer-" + t);
            w.start();
        }
        Thread.currentThread().join(); // until killed
    }
}

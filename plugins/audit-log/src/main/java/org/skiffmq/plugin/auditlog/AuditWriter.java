package org.skiffmq.plugin.auditlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes audit lines from send threads and writes them on its own thread, so a send never waits
 * for the disk. The queue is bounded: a line that does not fit is dropped and counted, and the
 * writer notes the count in the file ({@code # audit-log dropped N lines ...}) once it catches up,
 * so a gap in the audit trail is visible where it happened.
 *
 * <p>{@link #offer} is thread-safe and never blocks. The thread starts with the first line (so a
 * broker whose start fails leaves no thread or file) and stops in {@link #close}, after writing
 * what was queued.
 */
final class AuditWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int BATCH = 512;

    private final BlockingQueue<String> queue;
    private final RollingFile file;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final ThreadFactory threads;
    private volatile Thread thread;
    private volatile boolean closed;
    private long droppedReported;
    private boolean failing;

    AuditWriter(RollingFile file, int queueCapacity) {
        this(file, queueCapacity, run -> {
            Thread t = new Thread(run, "audit-log-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** With the factory of the writer thread, so tests decide when it runs. */
    AuditWriter(RollingFile file, int queueCapacity, ThreadFactory threads) {
        this.file = file;
        this.threads = threads;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** Queues a line; false (and counted) when the queue is full or the writer is closed. */
    boolean offer(String line) {
        if (closed || !queue.offer(line)) {
            dropped.incrementAndGet();
            return false;
        }
        if (thread == null) {
            start();
        }
        return true;
    }

    /** Lines dropped since the start: the queue was full, the writer closed, or the file could not be written. */
    long dropped() {
        return dropped.get();
    }

    /** Lines written to the file (not necessarily flushed yet). */
    long written() {
        return written.get();
    }

    private synchronized void start() {
        if (thread == null && !closed) {
            Thread t = threads.newThread(this::run);
            t.start();
            thread = t;
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>(BATCH);
        try {
            while (!closed || !queue.isEmpty()) {
                String first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    writeAll(batch);
                    batch.clear();
                }
                if (queue.isEmpty()) {
                    // Caught up: say what was lost, and let readers of the file see it all.
                    reportDrops();
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("audit-log could not close its file: {}", e.toString());
            }
        }
    }

    private void writeAll(List<String> lines) {
        for (String line : lines) {
            try {
                file.write(line);
                written.incrementAndGet();
                failing = false;
            } catch (IOException e) {
                dropped.incrementAndGet();
                if (!failing) {
                    // One warning per run of failures, not one per message.
                    LOG.warn("audit-log cannot write its file, dropping lines until it can: {}", e.toString());
                    failing = true;
                }
                closeQuietly();
            }
        }
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now > droppedReported) {
            try {
                file.write("# audit-log dropped " + (now - droppedReported)
                        + " lines: the writer could not keep up or could not write (" + now + " since the start)");
                droppedReported = now;
            } catch (IOException e) {
                closeQuietly();
            }
        }
    }

    private void flush() {
        try {
            file.flush();
        } catch (IOException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            file.close();
        } catch (IOException ignored) {
            // already failing; the next line reopens the file
        }
    }

    /** Writes what is queued, then stops the thread and closes the file; later lines are dropped. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                // The shutdown was cut short: the writer thread is a daemon and goes with the process.
                Thread.currentThread().interrupt();
            }
        }
    }
}

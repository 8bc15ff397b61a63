package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread {@code skiff-store-flush}: every {@code intervalMillis} forces the commit log (when it is
 * the commit log's flusher, i.e. async flush), then every consume queue, then writes the
 * {@link Checkpoint}. {@link #flushOnce()} is also what shutdown calls last, after
 * {@link #close()} stopped the thread.
 */
final class PeriodicFlushService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlushService.class);

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final Checkpoint checkpoint;
    private final Clock clock;
    private final boolean flushCommitLog;
    private final long intervalNanos;
    private final WriteHealth health;
    private final Thread thread;
    private volatile boolean running = true;

    PeriodicFlushService(CommitLog log, ConsumeQueueTable queues, Checkpoint checkpoint, Clock clock,
            boolean flushCommitLog, int intervalMillis, WriteHealth health) {
        this.health = health;
        this.log = log;
        this.queues = queues;
        this.checkpoint = checkpoint;
        this.clock = clock;
        this.flushCommitLog = flushCommitLog;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, intervalMillis));
        this.thread = StoreThreads.named("flush").newThread(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            LockSupport.parkNanos(this, intervalNanos);
            if (!running) {
                return;
            }
            try {
                health.checkFileStillThere(log.currentFile());
                flushOnce(flushCommitLog);
            } catch (Throwable t) {
                health.fail("flushing the store to disk failed: " + t, t);
            }
        }
    }

    /**
     * Forces the commit log (if asked) and every consume queue, then records the checkpoint; one
     * caller at a time, since a store built on this one may ask between two periodic runs.
     */
    synchronized void flushOnce(boolean includingCommitLog) throws IOException {
        long indexed = log.indexedOffset();
        if (includingCommitLog) {
            log.flush();
        }
        queues.flush();
        checkpoint.write(log.flushedOffset(), indexed, clock.millis());
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

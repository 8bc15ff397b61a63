package org.skiffmq.store.mmap.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync flush with group commit. Puts that must wait register a {@link FlushWaiter}; thread
 * {@code skiff-store-group-commit} wakes, forces the commit log once up to everything appended so
 * far, and completes every waiter that fsync covered (so N concurrent puts cost one fsync, not N).
 * Thread {@code skiff-store-flush-timeout} completes waiters that waited longer than the timeout
 * with FLUSH_DISK_TIMEOUT, even while an fsync hangs. The append lock is never held here.
 *
 * <p>A failed flush is never acknowledged: every waiter then completes as failed, every later
 * {@link #submit} is refused, and no later flush (not even the final one in {@link #close()})
 * completes a waiter, because a flush that succeeds after a failed one does not prove the earlier
 * bytes reached the disk ({@link CommitLog#flush}). Only a restart clears it.
 *
 * <p>Threading: {@link #submit} from any thread; the waiter queue is lock-free and a waiter is
 * completed once, by whichever thread gets to it first.
 */
final class GroupCommitService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitService.class);

    private final CommitLog log;
    private final WriteHealth health;
    private final long timeoutMillis;
    private final long timeoutNanos;
    private final ConcurrentLinkedQueue<FlushWaiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread flusher;
    private final Thread watchdog;
    private volatile boolean running = true;
    /** Why flushing failed, once it has; then no waiter completes OK again. */
    private volatile String failure;

    GroupCommitService(CommitLog log, int timeoutMillis, WriteHealth health) {
        this.health = health;
        this.log = log;
        this.timeoutMillis = timeoutMillis;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.flusher = StoreThreads.named("group-commit").newThread(this::flushLoop);
        this.watchdog = StoreThreads.named("flush-timeout").newThread(this::timeoutLoop);
    }

    void start() {
        flusher.start();
        watchdog.start();
    }

    /** Registers a put to be completed when an fsync covers its end offset. */
    void submit(FlushWaiter waiter) {
        if (failure != null) {
            waiter.flushFailed(failure);
            return;
        }
        if (!running) {
            // appended just before shutdown closed the log: the final flush decides, or already has
            if (waiter.endOffset() > log.flushedOffset() || !waiter.flushed()) {
                waiter.timedOut(timeoutMillis);
            }
            return;
        }
        waiters.add(waiter);
        LockSupport.unpark(flusher);
        if (failure != null) {
            failWaiting(); // lost the race with a failing flush
        }
        if (!running) {
            waiter.timedOut(timeoutMillis); // lost the race with close(); a no-op when close() completed it
        }
    }

    private void flushLoop() {
        while (running) {
            if (waiters.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            if (failure != null) {
                failWaiting();
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try {
                completeCovered(log.flush());
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** Records the failure (the store stops taking writes) and fails every waiting put. */
    private void failed(Throwable t) {
        String reason = "fsync of the commit log failed: " + t;
        failure = reason + "; fix the disk and restart the broker (recovery then checks the files)";
        health.fail(reason, t);
        failWaiting();
    }

    private void failWaiting() {
        for (Iterator<FlushWaiter> it = waiters.iterator(); it.hasNext();) {
            it.next().flushFailed(failure);
            it.remove();
        }
    }

    private void completeCovered(long flushed) {
        for (Iterator<FlushWaiter> it = waiters.iterator(); it.hasNext();) {
            FlushWaiter w = it.next();
            if (w.endOffset() <= flushed) {
                w.flushed();
                it.remove();
            } else if (w.isDone()) {
                it.remove();
            }
        }
    }

    private void timeoutLoop() {
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeoutNanos / 4,
                TimeUnit.MILLISECONDS.toNanos(100)));
        while (running) {
            LockSupport.parkNanos(this, tick);
            long now = System.nanoTime();
            for (Iterator<FlushWaiter> it = waiters.iterator(); it.hasNext();) {
                FlushWaiter w = it.next();
                if (now - w.startNanos() >= timeoutNanos) {
                    w.timedOut(timeoutMillis);
                    it.remove();
                }
            }
        }
    }

    /**
     * Stops both threads, then completes what the final flush covered (the rest times out); after
     * a failure, fails them all.
     */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(flusher);
        LockSupport.unpark(watchdog);
        try {
            flusher.join();
            watchdog.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure == null) {
            try {
                completeCovered(log.flush());
            } catch (Throwable t) {
                failed(t);
            }
        } else {
            failWaiting();
        }
        for (FlushWaiter w : waiters) {
            w.timedOut(timeoutMillis);
        }
        waiters.clear();
    }
}

package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, on thread {@code skiff-store-clean} every {@code cleanIntervalMillis}. One pass:
 *
 * <ol>
 *   <li>Deletes commit-log files, oldest first, whose last write ({@link CommitLog#lastWriteMillis})
 *       is {@code retentionHours} or more before the clock's now; never the file being written; at
 *       most {@link #MAX_AGED_FILES_PER_PASS} per pass, so a broker started on old data does not
 *       flood its disk with deletions.</li>
 *   <li>If the partition's used share is still above {@code diskMaxUsedRatio}, deletes the oldest
 *       file anyway: one per pass. Bytes of deleted files the GC has not unmapped yet count as free
 *       ({@link RetiredFiles#pendingBytes()}), or each pass would delete another file while the
 *       space waits for a GC.</li>
 *   <li>Moves every consume queue's min offset to its first entry whose record still exists and
 *       deletes its files wholly below that (never its last file).</li>
 * </ol>
 *
 * Commit-log files go before their consume-queue entries; a crash between the two leaves entries
 * pointing below the log's start, which recovery and the next pass handle. No file is unmapped
 * here (see {@link RetiredFiles}). Threading: passes never overlap (one thread; tests call
 * {@link #runOnce()} with the thread not started or far from due).
 */
final class RetentionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    static final int MAX_AGED_FILES_PER_PASS = 10;

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final RetiredFiles retired;
    private final DiskSpace disk;
    private final Clock clock;
    private final long retentionMillis;
    private final double diskMaxUsedRatio;
    private final long intervalMillis;
    private final DiskGuard guard;
    private ScheduledExecutorService executor;

    RetentionService(CommitLog log, ConsumeQueueTable queues, RetiredFiles retired, DiskSpace disk, Clock clock,
            MmapStoreConfig config) {
        this.log = log;
        this.queues = queues;
        this.retired = retired;
        this.disk = disk;
        this.clock = clock;
        this.retentionMillis = TimeUnit.HOURS.toMillis(config.retentionHours());
        this.diskMaxUsedRatio = config.diskMaxUsedRatio();
        this.intervalMillis = config.cleanIntervalMillis();
        this.guard = new DiskGuard(disk, retired, config.directory(), config.diskFullRatio());
    }

    /** The full-disk verdict puts consult. */
    DiskGuard guard() {
        return guard;
    }

    void start() {
        guard.check();
        executor = Executors.newSingleThreadScheduledExecutor(StoreThreads.named("clean"));
        executor.scheduleWithFixedDelay(this::runSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        long guardMillis = Math.min(1000, intervalMillis);
        executor.scheduleWithFixedDelay(this::checkDiskSafely, guardMillis, guardMillis, TimeUnit.MILLISECONDS);
    }

    /** The JDK cancels a periodic task that throws: the full-disk verdict would then never change again. */
    private void checkDiskSafely() {
        try {
            guard.check();
        } catch (Throwable t) {
            LOG.error("disk usage check failed; keeping the last verdict and checking again", t);
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (Throwable t) {
            LOG.error("retention pass failed; retrying in {} ms", intervalMillis, t);
        }
    }

    /** One pass; returns how many commit-log files it deleted. */
    int runOnce() {
        int deleted = deleteAged();
        deleted += deleteForSpace();
        long logMin = log.minOffset();
        queues.forEach(cq -> {
            long min = cq.correctMinOffset(logMin);
            cq.deleteFilesBelow(min, retired);
        });
        return deleted;
    }

    private int deleteAged() {
        long now = clock.millis();
        int deleted = 0;
        while (deleted < MAX_AGED_FILES_PER_PASS) {
            MappedFile[] files = log.files();
            long lastWrite = log.lastWriteMillis(files, 0);
            if (lastWrite < 0 || now - lastWrite < retentionMillis) {
                return deleted;
            }
            MappedFile gone = log.deleteOldest(retired);
            if (gone == null) {
                return deleted;
            }
            LOG.info("deleted commit-log file {}: last written {} ms ago, retention is {} h", gone, now - lastWrite,
                    TimeUnit.MILLISECONDS.toHours(retentionMillis));
            deleted++;
        }
        return deleted;
    }

    private int deleteForSpace() {
        if (!diskOverRatio()) {
            return 0;
        }
        MappedFile gone = log.deleteOldest(retired);
        if (gone == null) {
            LOG.warn("the disk holding the store is over diskMaxUsedRatio={} but only the commit-log file being"
                    + " written is left", diskMaxUsedRatio);
            return 0;
        }
        LOG.warn("deleted commit-log file {} before its time: the disk is over diskMaxUsedRatio={}", gone,
                diskMaxUsedRatio);
        return 1;
    }

    private boolean diskOverRatio() {
        try {
            long total = disk.totalBytes();
            if (total <= 0) {
                return false;
            }
            long used = total - disk.usableBytes() - retired.pendingBytes();
            return (double) used / total > diskMaxUsedRatio;
        } catch (IOException e) {
            LOG.warn("cannot read the disk usage of the store's partition; deleting by age only", e);
            return false;
        }
    }

    /** Stops the thread and waits for a pass in progress. */
    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a retention pass did not finish within 10 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

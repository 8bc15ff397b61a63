package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops writes while the partition holding the store is fuller than {@code diskFullRatio}, so a
 * full disk ends in a clear refusal rather than a failed write in the middle of a record. Reads
 * are not affected. Checked about once a second on the retention thread; puts only read the
 * last verdict (one volatile read). Space the store deleted but the GC has not unmapped yet
 * counts as free, as retention counts it.
 */
final class DiskGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);

    private final DiskSpace disk;
    private final RetiredFiles retired;
    private final Path dir;
    private final double fullRatio;
    private volatile String problem;

    DiskGuard(DiskSpace disk, RetiredFiles retired, Path dir, double fullRatio) {
        this.disk = disk;
        this.retired = retired;
        this.dir = dir;
        this.fullRatio = fullRatio;
    }

    /** Why writes are refused now, or null when they are allowed. */
    String problem() {
        return problem;
    }

    /** Re-reads the disk usage and updates the verdict, logging each change once. */
    void check() {
        double ratio;
        try {
            long total = disk.totalBytes();
            if (total <= 0) {
                return;
            }
            long used = total - disk.usableBytes() - retired.pendingBytes();
            ratio = (double) used / total;
        } catch (IOException e) {
            LOG.warn("cannot read the disk usage of {}: {}; keeping the last verdict", dir, e.toString());
            return;
        }
        String before = problem;
        if (ratio > fullRatio) {
            problem = String.format("the disk holding %s is %.1f%% full and the store refuses writes above %.0f%%"
                    + " (store.diskFullRatio); free space on it or lower store.retentionHours", dir, ratio * 100,
                    fullRatio * 100);
            if (before == null) {
                LOG.error("Refusing writes: {}", problem);
            }
        } else {
            problem = null;
            if (before != null) {
                LOG.warn("Accepting writes again: the disk holding {} is {}% full", dir,
                        String.format("%.1f", ratio * 100));
            }
        }
    }
}

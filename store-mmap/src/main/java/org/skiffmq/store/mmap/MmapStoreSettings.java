package org.skiffmq.store.mmap;

import java.nio.file.Path;
import org.skiffmq.api.settings.SizeSetting;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.StoreSettings;

/**
 * The {@code store:} section of a broker using {@code engine: mmap}. Every key is optional; sizes
 * are bytes or a number with k, m or g.
 *
 * <pre>
 * store: { engine: mmap, dir: ./data, flush: sync, commitLogFileSize: 1g }
 * </pre>
 *
 * @param dir                        data directory (default {@code ./data})
 * @param flush                      {@code async} (default) or {@code sync}
 * @param commitLogFileSize          size of each commit-log file (default 1g)
 * @param consumeQueueEntriesPerFile entries per consume-queue file (default 300000)
 * @param flushIntervalMillis        async flush period (default 500)
 * @param syncFlushTimeoutMillis     sync flush wait before FLUSH_DISK_TIMEOUT (default 5000)
 * @param maxMessageSize             largest body accepted (default 4m)
 * @param retentionHours             commit-log files older than this are deleted (default 72)
 * @param diskMaxUsedRatio           above this share of the disk used, oldest files go first (default 0.75)
 * @param diskFullRatio              above this share of the disk used, sends are refused (default 0.90)
 * @param messageIndex               keep the index QUERY_MESSAGE looks messages up by key in (default true)
 * @param indexEntriesPerFile        keys per message-index file, 25 bytes each on disk (default 4000000)
 */
public record MmapStoreSettings(String dir, String flush, String commitLogFileSize, Integer consumeQueueEntriesPerFile,
        Integer flushIntervalMillis, Integer syncFlushTimeoutMillis, String maxMessageSize, Integer retentionHours,
        Double diskMaxUsedRatio, Double diskFullRatio, Boolean messageIndex, Integer indexEntriesPerFile)
        implements StoreSettings {

    public MmapStoreSettings {
        dir = dir == null ? "./data" : dir;
        flush = FlushMode.of(flush, "store.flush").settingValue();
        commitLogFileSize = commitLogFileSize == null ? Integer.toString(MmapStoreConfig.DEFAULT_COMMIT_LOG_FILE_SIZE)
                : commitLogFileSize;
        consumeQueueEntriesPerFile = consumeQueueEntriesPerFile == null ? MmapStoreConfig.DEFAULT_CONSUME_QUEUE_ENTRIES
                : consumeQueueEntriesPerFile;
        flushIntervalMillis = flushIntervalMillis == null ? 500 : flushIntervalMillis;
        syncFlushTimeoutMillis = syncFlushTimeoutMillis == null ? 5000 : syncFlushTimeoutMillis;
        maxMessageSize = maxMessageSize == null ? Integer.toString(MmapStoreConfig.DEFAULT_MAX_MESSAGE_SIZE)
                : maxMessageSize;
        retentionHours = retentionHours == null ? MmapStoreConfig.DEFAULT_RETENTION_HOURS : retentionHours;
        diskMaxUsedRatio = diskMaxUsedRatio == null ? MmapStoreConfig.DEFAULT_DISK_MAX_USED_RATIO : diskMaxUsedRatio;
        diskFullRatio = diskFullRatio == null ? MmapStoreConfig.DEFAULT_DISK_FULL_RATIO : diskFullRatio;
        messageIndex = messageIndex == null || messageIndex;
        indexEntriesPerFile = indexEntriesPerFile == null ? MmapStoreConfig.DEFAULT_INDEX_ENTRIES : indexEntriesPerFile;
        if (indexEntriesPerFile < 1000 || indexEntriesPerFile > MAX_INDEX_ENTRIES) {
            throw new IllegalArgumentException("store.indexEntriesPerFile must be 1000.." + MAX_INDEX_ENTRIES + "; was "
                    + indexEntriesPerFile);
        }
        if (retentionHours < 1) {
            throw new IllegalArgumentException("store.retentionHours must be at least 1; was " + retentionHours);
        }
        requireRatio(diskMaxUsedRatio, "store.diskMaxUsedRatio");
        requireRatio(diskFullRatio, "store.diskFullRatio");
        requirePositive(consumeQueueEntriesPerFile, "store.consumeQueueEntriesPerFile");
        requirePositive(flushIntervalMillis, "store.flushIntervalMillis");
        requirePositive(syncFlushTimeoutMillis, "store.syncFlushTimeoutMillis");
        if (SizeSetting.parseInt(commitLogFileSize, "store.commitLogFileSize", 0) < 4096) {
            throw new IllegalArgumentException("store.commitLogFileSize must be at least 4k; was " + commitLogFileSize);
        }
        if (SizeSetting.parseInt(maxMessageSize, "store.maxMessageSize", 0) < 1) {
            throw new IllegalArgumentException("store.maxMessageSize must be at least 1 byte; was " + maxMessageSize);
        }
    }

    /** An index file of this many entries stays below 2 GiB, the most one mapping holds. */
    static final int MAX_INDEX_ENTRIES = 50_000_000;

    /** Every default: {@code ./data}, async flush, RocketMQ's sizes. */
    public static MmapStoreSettings defaults() {
        return new MmapStoreSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public int maxBodyBytes() {
        return SizeSetting.parseInt(maxMessageSize, "store.maxMessageSize", 0);
    }

    @Override
    public String summary() {
        return "flush: " + flush;
    }

    public FlushMode flushMode() {
        return FlushMode.of(flush, "store.flush");
    }

    /** The settings as the store uses them, its files in {@code directory}. */
    public MmapStoreConfig toConfig(Path directory) {
        return new MmapStoreConfig(directory, flushMode(),
                SizeSetting.parseInt(commitLogFileSize, "store.commitLogFileSize", 0), consumeQueueEntriesPerFile,
                flushIntervalMillis, syncFlushTimeoutMillis, maxBodyBytes(), retentionHours, diskMaxUsedRatio,
                10_000, diskFullRatio, messageIndex ? indexEntriesPerFile : 0);
    }

    private static void requireRatio(double value, String key) {
        if (value <= 0 || value > 1) {
            throw new IllegalArgumentException(key + " must be above 0 and at most 1; was " + value);
        }
    }

    private static void requirePositive(int value, String key) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1; was " + value);
        }
    }
}

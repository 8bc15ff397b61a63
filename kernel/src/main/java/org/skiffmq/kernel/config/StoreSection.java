package org.skiffmq.kernel.config;

import java.nio.file.Path;
import java.util.Locale;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.StoreConfig;

/**
 * {@code store:} which store engine keeps messages, where, and how it flushes.
 *
 * @param engine                     store extension name (default {@code mmap})
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
 */
public record StoreSection(String engine, String dir, String flush, ByteSize commitLogFileSize,
        Integer consumeQueueEntriesPerFile, Integer flushIntervalMillis, Integer syncFlushTimeoutMillis,
        ByteSize maxMessageSize, Integer retentionHours, Double diskMaxUsedRatio, Double diskFullRatio) {

    public StoreSection {
        engine = engine == null ? "mmap" : engine;
        dir = dir == null ? "./data" : dir;
        flush = flush == null ? "async" : flush;
        commitLogFileSize = commitLogFileSize == null ? ByteSize.of(StoreConfig.DEFAULT_COMMIT_LOG_FILE_SIZE)
                : commitLogFileSize;
        consumeQueueEntriesPerFile = consumeQueueEntriesPerFile == null ? StoreConfig.DEFAULT_CONSUME_QUEUE_ENTRIES
                : consumeQueueEntriesPerFile;
        flushIntervalMillis = flushIntervalMillis == null ? 500 : flushIntervalMillis;
        syncFlushTimeoutMillis = syncFlushTimeoutMillis == null ? 5000 : syncFlushTimeoutMillis;
        maxMessageSize = maxMessageSize == null ? ByteSize.of(StoreConfig.DEFAULT_MAX_MESSAGE_SIZE) : maxMessageSize;
        retentionHours = retentionHours == null ? StoreConfig.DEFAULT_RETENTION_HOURS : retentionHours;
        diskMaxUsedRatio = diskMaxUsedRatio == null ? StoreConfig.DEFAULT_DISK_MAX_USED_RATIO : diskMaxUsedRatio;
        diskFullRatio = diskFullRatio == null ? StoreConfig.DEFAULT_DISK_FULL_RATIO : diskFullRatio;
    }

    public static StoreSection defaults() {
        return new StoreSection(null, null, null, null, null, null, null, null, null, null, null);
    }

    public FlushMode flushMode() {
        return switch (flush.toLowerCase(Locale.ROOT)) {
            case "async" -> FlushMode.ASYNC;
            case "sync" -> FlushMode.SYNC;
            default -> throw new IllegalArgumentException("store.flush must be 'async' or 'sync'; was '" + flush + "'");
        };
    }

    /** The store settings, with a relative {@code dir} resolved against {@code base}. */
    public StoreConfig toStoreConfig(Path base) {
        if (retentionHours < 1 || diskMaxUsedRatio <= 0 || diskMaxUsedRatio > 1 || diskFullRatio <= 0
                || diskFullRatio > 1) {
            throw new IllegalArgumentException("store.retentionHours must be at least 1, and store.diskMaxUsedRatio and"
                    + " store.diskFullRatio between 0 and 1; were " + retentionHours + ", " + diskMaxUsedRatio + " and "
                    + diskFullRatio);
        }
        return new StoreConfig(base.resolve(dir).normalize(), flushMode(),
                commitLogFileSize.toIntExact("store.commitLogFileSize"), consumeQueueEntriesPerFile,
                flushIntervalMillis, syncFlushTimeoutMillis, maxMessageSize.toIntExact("store.maxMessageSize"),
                retentionHours, diskMaxUsedRatio, 10_000, diskFullRatio);
    }
}

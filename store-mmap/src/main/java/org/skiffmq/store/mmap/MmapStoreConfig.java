package org.skiffmq.store.mmap;

import java.nio.file.Path;
import org.skiffmq.api.store.FlushMode;

/**
 * The mmap store's settings as it uses them: sizes in bytes, the directory resolved.
 *
 * @param directory                  where the store keeps its files
 * @param flushMode                  async (default) or sync flush
 * @param commitLogFileSize          size of each commit-log file (RocketMQ: 1 GiB)
 * @param consumeQueueEntriesPerFile entries per consume-queue file (RocketMQ: 300 000)
 * @param flushIntervalMillis        async flush period (RocketMQ: 500 ms)
 * @param syncFlushTimeoutMillis     how long a sync-flush put waits before FLUSH_DISK_TIMEOUT (5 000 ms)
 * @param maxMessageSize             largest message body accepted (RocketMQ: 4 MiB)
 * @param retentionHours             commit-log files older than this are deleted (RocketMQ: 72 h)
 * @param diskMaxUsedRatio           above this share of the disk used, the oldest files are deleted
 *                                   even before their time (RocketMQ: 0.75)
 * @param cleanIntervalMillis        how often retention runs (10 s)
 * @param diskFullRatio              above this share of the disk used, puts are refused with
 *                                   SERVICE_NOT_AVAILABLE until space is freed; reads go on (0.90)
 * @param indexEntriesPerFile        keys per message-index file (4 000 000); 0 keeps no message index
 */
public record MmapStoreConfig(Path directory, FlushMode flushMode, int commitLogFileSize, int consumeQueueEntriesPerFile,
        int flushIntervalMillis, int syncFlushTimeoutMillis, int maxMessageSize, int retentionHours,
        double diskMaxUsedRatio, long cleanIntervalMillis, double diskFullRatio, int indexEntriesPerFile) {

    public static final int DEFAULT_COMMIT_LOG_FILE_SIZE = 1024 * 1024 * 1024;
    public static final int DEFAULT_CONSUME_QUEUE_ENTRIES = 300_000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
    public static final int DEFAULT_RETENTION_HOURS = 72;
    public static final double DEFAULT_DISK_MAX_USED_RATIO = 0.75;
    public static final double DEFAULT_DISK_FULL_RATIO = 0.90;
    public static final int DEFAULT_INDEX_ENTRIES = 4_000_000;

    /** RocketMQ's defaults in {@code directory}. */
    public static MmapStoreConfig defaults(Path directory) {
        return new MmapStoreConfig(directory, FlushMode.ASYNC, DEFAULT_COMMIT_LOG_FILE_SIZE, DEFAULT_CONSUME_QUEUE_ENTRIES,
                500, 5000, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_RETENTION_HOURS, DEFAULT_DISK_MAX_USED_RATIO, 10_000,
                DEFAULT_DISK_FULL_RATIO, DEFAULT_INDEX_ENTRIES);
    }

    public MmapStoreConfig withFlushMode(FlushMode mode) {
        return new MmapStoreConfig(directory, mode, commitLogFileSize, consumeQueueEntriesPerFile, flushIntervalMillis,
                syncFlushTimeoutMillis, maxMessageSize, retentionHours, diskMaxUsedRatio, cleanIntervalMillis,
                diskFullRatio, indexEntriesPerFile);
    }

    public MmapStoreConfig withCommitLogFileSize(int size) {
        return new MmapStoreConfig(directory, flushMode, size, consumeQueueEntriesPerFile, flushIntervalMillis,
                syncFlushTimeoutMillis, maxMessageSize, retentionHours, diskMaxUsedRatio, cleanIntervalMillis,
                diskFullRatio, indexEntriesPerFile);
    }

    public MmapStoreConfig withConsumeQueueEntriesPerFile(int entries) {
        return new MmapStoreConfig(directory, flushMode, commitLogFileSize, entries, flushIntervalMillis,
                syncFlushTimeoutMillis, maxMessageSize, retentionHours, diskMaxUsedRatio, cleanIntervalMillis,
                diskFullRatio, indexEntriesPerFile);
    }

    public MmapStoreConfig withMaxMessageSize(int size) {
        return new MmapStoreConfig(directory, flushMode, commitLogFileSize, consumeQueueEntriesPerFile, flushIntervalMillis,
                syncFlushTimeoutMillis, size, retentionHours, diskMaxUsedRatio, cleanIntervalMillis,
                diskFullRatio, indexEntriesPerFile);
    }

    public MmapStoreConfig withDiskFullRatio(double ratio) {
        return new MmapStoreConfig(directory, flushMode, commitLogFileSize, consumeQueueEntriesPerFile, flushIntervalMillis,
                syncFlushTimeoutMillis, maxMessageSize, retentionHours, diskMaxUsedRatio, cleanIntervalMillis, ratio,
                indexEntriesPerFile);
    }

    public MmapStoreConfig withRetention(int hours, double diskRatio, long intervalMillis) {
        return new MmapStoreConfig(directory, flushMode, commitLogFileSize, consumeQueueEntriesPerFile, flushIntervalMillis,
                syncFlushTimeoutMillis, maxMessageSize, hours, diskRatio, intervalMillis, diskFullRatio,
                indexEntriesPerFile);
    }

    /** With {@code entries} keys per message-index file; 0 keeps no message index. */
    public MmapStoreConfig withIndexEntriesPerFile(int entries) {
        return new MmapStoreConfig(directory, flushMode, commitLogFileSize, consumeQueueEntriesPerFile, flushIntervalMillis,
                syncFlushTimeoutMillis, maxMessageSize, retentionHours, diskMaxUsedRatio, cleanIntervalMillis,
                diskFullRatio, entries);
    }
}

package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.EngineMarker;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageArrivalListener;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.LocalMessageStore;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mmap message store: composes the {@link CommitLog}, the {@link ConsumeQueueTable}, the
 * flush services, the {@link Checkpoint} and {@link Recovery} over one directory.
 *
 * <pre>
 *   &lt;dir&gt;/
 *     commitlog/00000000000000000000 ...        records (CommitLog)
 *     consumequeue/&lt;topic&gt;/&lt;queueId&gt;/...      20-byte entries (ConsumeQueue)
 *     index/00000000000000000000 ...             keys to commit-log offsets (MessageIndexService)
 *     checkpoint                                 where verified data ends (Checkpoint)
 *     abort                                      exists while running: its presence at start = crash
 *     lock                                       OS file lock: one store per directory
 * </pre>
 *
 * Threading: every method may be called from any thread. A put encodes its record (strings, CRC)
 * on the caller's thread, then takes the commit log's append lock only to copy it in; after the
 * lock it tells the arrival listener ({@link ArrivalNotifier}); sync-flush waiting happens on a
 * future completed by the group-commit thread. Background threads: {@code skiff-store-allocate},
 * {@code skiff-store-flush}, {@code skiff-store-clean} ({@link RetentionService}),
 * {@code skiff-store-release} ({@link RetiredFiles}), {@code skiff-store-index} (when the message
 * index is on: it follows the log, so a put never waits for it), and under sync flush
 * {@code skiff-store-group-commit} and {@code skiff-store-flush-timeout}.
 *
 * <p>Buffers returned by {@link #getMessages} are slices of the mapped files: use them before
 * {@link #shutdown()}, which unmaps the files. Retention never unmaps: a slice of a file deleted
 * while it was held stays readable until it is dropped.
 */
public final class MmapMessageStore implements LocalMessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(MmapMessageStore.class);
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPED = 2;

    private final MmapStoreConfig config;
    private final Clock clock;
    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final Checkpoint checkpoint;
    private final MessageReader reader;
    private final ArrivalNotifier arrivals = new ArrivalNotifier();
    private final WriteHealth health = new WriteHealth();
    private final RetentionService retention;
    /** Null when the configuration keeps no message index. */
    private final MessageIndexService index;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final FileOps ops;
    private PeriodicFlushService periodicFlush;
    private GroupCommitService groupCommit;
    private FileChannel lockChannel;
    private FileLock lock;

    public MmapMessageStore(MmapStoreConfig config, Clock clock) {
        this(config, clock, FsyncHook.NONE);
    }

    /** With a hook the flushing thread calls before each commit-log fsync (tests count or stall fsyncs). */
    public MmapMessageStore(MmapStoreConfig config, Clock clock, FsyncHook fsyncHook) {
        this(config, clock, fsyncHook, DiskSpace.of(config.directory()));
    }

    /** With the probe retention asks how full the disk is (tests say "over the ratio" through it). */
    public MmapMessageStore(MmapStoreConfig config, Clock clock, FsyncHook fsyncHook, DiskSpace diskSpace) {
        this(config, clock, fsyncHook, diskSpace, FileOps.DISK);
    }

    /** With the file-system calls to go through (tests record them to simulate power cuts). */
    MmapMessageStore(MmapStoreConfig config, Clock clock, FsyncHook fsyncHook, DiskSpace diskSpace, FileOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.config = check(config);
        this.clock = Objects.requireNonNull(clock, "clock");
        Path dir = config.directory();
        this.log = new CommitLog(dir.resolve("commitlog"), config.commitLogFileSize(), clock, fsyncHook, ops);
        this.queues = new ConsumeQueueTable(ops, dir.resolve("consumequeue"), config.consumeQueueEntriesPerFile());
        this.checkpoint = new Checkpoint(ops, dir);
        this.reader = new MessageReader(log, queues);
        this.index = config.indexEntriesPerFile() > 0
                ? new MessageIndexService(ops, dir.resolve("index"), log, reader, config.indexEntriesPerFile()) : null;
        this.retention = new RetentionService(log, queues, new RetiredFiles(), Objects.requireNonNull(diskSpace,
                "diskSpace"), clock, config);
    }

    private static MmapStoreConfig check(MmapStoreConfig c) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(c.directory(), "config.directory");
        if (c.commitLogFileSize() < 4096) {
            throw new IllegalArgumentException("commitLogFileSize " + c.commitLogFileSize() + " is below 4096 bytes");
        }
        if (c.consumeQueueEntriesPerFile() < 1 || c.consumeQueueEntriesPerFile() > Integer.MAX_VALUE / 20) {
            throw new IllegalArgumentException("consumeQueueEntriesPerFile " + c.consumeQueueEntriesPerFile()
                    + " must be 1.." + Integer.MAX_VALUE / 20);
        }
        if (c.indexEntriesPerFile() < 0 || IndexFile.HEADER_SIZE + c.indexEntriesPerFile() / 4 * 4L
                + (long) c.indexEntriesPerFile() * IndexFile.ENTRY_SIZE > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("indexEntriesPerFile " + c.indexEntriesPerFile()
                    + " must be 0 (no index) or small enough for an index file below 2 GiB");
        }
        if (c.syncFlushTimeoutMillis() < 1 || c.flushIntervalMillis() < 1) {
            throw new IllegalArgumentException("flushIntervalMillis and syncFlushTimeoutMillis must be positive");
        }
        if (c.retentionHours() < 1 || !(c.diskMaxUsedRatio() > 0 && c.diskMaxUsedRatio() <= 1)
                || c.cleanIntervalMillis() < 1) {
            throw new IllegalArgumentException("retentionHours " + c.retentionHours() + " must be at least 1,"
                    + " diskMaxUsedRatio " + c.diskMaxUsedRatio() + " in (0, 1] and cleanIntervalMillis "
                    + c.cleanIntervalMillis() + " positive");
        }
        return c;
    }

    @Override
    public void start() throws IOException {
        if (!state.compareAndSet(NEW, RUNNING)) {
            throw new IllegalStateException("the store was already started");
        }
        boolean ok = false;
        try {
            open();
            ok = true;
        } finally {
            if (!ok) {
                state.set(STOPPED);
                releaseLock();
            }
        }
    }

    private void open() throws IOException {
        Path dir = config.directory();
        ops.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            throw new IOException("another process holds " + dir.resolve("lock") + "; one store per directory");
        }
        EngineMarker.writeIfAbsent(dir, MmapStoreProvider.NAME);
        Path abort = dir.resolve("abort");
        if (Files.exists(abort)) {
            LOG.warn("{} did not shut down cleanly last time; recovering", dir);
        }
        Files.write(abort, new byte[0]);
        Checkpoint.Data cp = checkpoint.read();
        log.load();
        queues.load();
        boolean requireRecordCrc = RecordFormat.requireRecordCrc(ops, dir, log.files().length == 0);
        long end = new Recovery(log, queues, requireRecordCrc).run(cp);
        log.openForAppend(end);
        queues.flush();
        checkpoint.write(end, end, clock.millis());
        boolean sync = config.flushMode() == FlushMode.SYNC;
        periodicFlush = new PeriodicFlushService(log, queues, checkpoint, clock, !sync, config.flushIntervalMillis(),
                health);
        periodicFlush.start();
        if (sync) {
            groupCommit = new GroupCommitService(log, config.syncFlushTimeoutMillis(), health);
            groupCommit.start();
        }
        retention.start();
        if (index != null) {
            index.load(end);
            index.start();
        }
        LOG.info("store {} open: commit log ends at {}, {} consume queues, flush {}", dir, end, queues.all().size(),
                config.flushMode());
    }

    @Override
    public CompletableFuture<PutResult> put(BrokerMessage message) {
        try {
            CompletableFuture<PutResult> refused = refusalIfNotWritable();
            if (refused != null) {
                return refused;
            }
            String problem = checkMessage(message);
            if (problem != null) {
                return illegal(problem);
            }
            StoredMessageCodec.Prepared record = StoredMessageCodec.prepare(message, true);
            if (record.totalSize() > log.maxRecordSize()) {
                return illegal("the record is " + record.totalSize() + " bytes; commitLogFileSize="
                        + log.fileSize() + " allows " + log.maxRecordSize());
            }
            ConsumeQueue cq = queues.getOrCreate(message.getTopic(), message.getQueueId());
            cq.prepareRoom(1);
            long tagsCode = message.tagsCode();
            PutResult result = log.append(record, cq, tagsCode);
            if (result.isOk()) {
                arrivals.arrived(message.getTopic(), message.getQueueId(), result.queueOffset(), tagsCode);
            }
            return afterAppend(result, result.isOk() ? result.physicalOffsets()[0] + record.totalSize() : 0,
                    waitsForFlush(message));
        } catch (IllegalArgumentException e) {
            return illegal(e.getMessage());
        } catch (Throwable t) {
            if (t instanceof InternalError) {
                // A fault writing the mapped file (SIGBUS: the disk could not back the page).
                health.fail("writing the commit log failed: " + t, t);
            }
            LOG.error("put failed", t);
            return CompletableFuture.completedFuture(PutResult.failed(PutStatus.UNKNOWN_ERROR, t.toString()));
        }
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<BrokerMessage> messages) {
        try {
            CompletableFuture<PutResult> refused = refusalIfNotWritable();
            if (refused != null) {
                return refused;
            }
            if (messages == null || messages.isEmpty()) {
                return illegal("the batch is empty");
            }
            BrokerMessage first = messages.get(0);
            int n = messages.size();
            StoredMessageCodec.Prepared[] records = new StoredMessageCodec.Prepared[n];
            long[] tagsCodes = new long[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                BrokerMessage m = messages.get(i);
                String problem = checkMessage(m);
                if (problem != null) {
                    return illegal("message " + i + " of the batch: " + problem);
                }
                if (!m.getTopic().equals(first.getTopic()) || m.getQueueId() != first.getQueueId()) {
                    return illegal("message " + i + " of the batch is for " + m.getTopic() + "/" + m.getQueueId()
                            + ", not " + first.getTopic() + "/" + first.getQueueId() + "; a batch is one queue");
                }
                records[i] = StoredMessageCodec.prepare(m, true);
                tagsCodes[i] = m.tagsCode();
                total += records[i].totalSize();
            }
            if (total > log.maxRecordSize()) {
                return illegal("the batch is " + total + " bytes; it must fit in one commit-log file (commitLogFileSize="
                        + log.fileSize() + " allows " + log.maxRecordSize() + ")");
            }
            ConsumeQueue cq = queues.getOrCreate(first.getTopic(), first.getQueueId());
            cq.prepareRoom(n);
            PutResult result = log.appendBatch(records, (int) total, cq, tagsCodes);
            if (result.isOk()) {
                arrivals.arrived(first.getTopic(), first.getQueueId(), result.queueOffset(), tagsCodes);
            }
            long end = result.isOk() ? result.physicalOffsets()[n - 1] + records[n - 1].totalSize() : 0;
            return afterAppend(result, end, anyWaitsForFlush(messages));
        } catch (IllegalArgumentException e) {
            return illegal(e.getMessage());
        } catch (Throwable t) {
            if (t instanceof InternalError) {
                health.fail("writing the commit log failed: " + t, t);
            }
            LOG.error("batch put failed", t);
            return CompletableFuture.completedFuture(PutResult.failed(PutStatus.UNKNOWN_ERROR, t.toString()));
        }
    }

    @Override
    public String problemWith(List<? extends BrokerMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            return "the batch is empty";
        }
        int n = messages.size();
        BrokerMessage first = messages.get(0);
        long total = 0;
        for (int i = 0; i < n; i++) {
            BrokerMessage m = messages.get(i);
            String problem = checkMessage(m);
            try {
                if (problem == null) {
                    ConsumeQueueTable.checkTopic(m.getTopic());
                    total += StoredMessageCodec.prepare(m, true).totalSize();
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem == null && (!m.getTopic().equals(first.getTopic()) || m.getQueueId() != first.getQueueId())) {
                problem = "it is for " + m.getTopic() + "/" + m.getQueueId() + ", not " + first.getTopic() + "/"
                        + first.getQueueId() + "; a batch is one queue";
            }
            if (problem != null) {
                return n == 1 ? problem : "message " + i + " of the batch: " + problem;
            }
        }
        if (total > log.maxRecordSize()) {
            return n == 1 ? "the record is " + total + " bytes; commitLogFileSize=" + log.fileSize() + " allows "
                    + log.maxRecordSize()
                    : "the batch is " + total + " bytes; it must fit in one commit-log file (commitLogFileSize="
                    + log.fileSize() + " allows " + log.maxRecordSize() + ")";
        }
        return null;
    }

    @Override
    public String refusalReason() {
        CompletableFuture<PutResult> refused = refusalIfNotWritable();
        return refused == null ? null : refused.join().detail();
    }

    @Override
    public void flushAll() throws IOException {
        if (state.get() != RUNNING) {
            throw new IOException("the store " + config.directory() + " is not running");
        }
        try {
            periodicFlush.flushOnce(true);
        } catch (IOException | RuntimeException e) {
            health.fail("flushing the store to disk failed: " + e, e);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    @Override
    public long minPhysicalOffset() {
        return log.minOffset();
    }

    @Override
    public ByteBuffer readCommitLog(long physicalOffset) {
        return log.tail(physicalOffset);
    }

    @Override
    public void endCommitLogFile() throws IOException {
        if (state.get() != RUNNING) {
            throw new IOException("the store " + config.directory() + " is not running");
        }
        log.endFile();
    }

    /** Why the store refuses the message, or null. */
    private String checkMessage(BrokerMessage m) {
        if (m == null) {
            return "the message is null";
        }
        if (m.getTopic() == null || m.getTopic().isEmpty()) {
            return "the message has no topic";
        }
        int bodyLength = m.getBody() == null ? 0 : m.getBody().length;
        if (bodyLength > config.maxMessageSize()) {
            return "the body is " + bodyLength + " bytes; the limit is maxMessageSize=" + config.maxMessageSize();
        }
        if (m.getQueueId() < 0 || m.getQueueId() > ConsumeQueueTable.MAX_QUEUE_ID) {
            return "queueId " + m.getQueueId() + " is outside 0.." + ConsumeQueueTable.MAX_QUEUE_ID;
        }
        return null;
    }

    /** Whether the producer asked to be answered only once the message is on disk (WAIT is not "false"). */
    private static boolean waitsForFlush(BrokerMessage m) {
        return !"false".equals(m.getProperty(MessageProperties.WAIT));
    }

    /** A batch is answered once, so it waits for the flush when any of its messages asks to. */
    private static boolean anyWaitsForFlush(List<BrokerMessage> messages) {
        for (BrokerMessage m : messages) {
            if (waitsForFlush(m)) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<PutResult> afterAppend(PutResult result, long endOffset, boolean waitForFlush) {
        if (groupCommit == null || !result.isOk() || !waitForFlush) {
            return CompletableFuture.completedFuture(result);
        }
        FlushWaiter waiter = new FlushWaiter(result, endOffset, System.nanoTime());
        groupCommit.submit(waiter);
        return waiter;
    }

    /**
     * Why no put can be taken now — not running, a write failure, a full disk — as the answer to
     * give; null when writes are possible.
     */
    private CompletableFuture<PutResult> refusalIfNotWritable() {
        if (state.get() != RUNNING) {
            return notAvailable();
        }
        String reason = health.failure();
        if (reason == null) {
            reason = retention.guard().problem();
        }
        return reason == null ? null
                : CompletableFuture.completedFuture(PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, reason));
    }

    private static CompletableFuture<PutResult> notAvailable() {
        return CompletableFuture.completedFuture(PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE,
                "the store is not running (not started or shut down)"));
    }

    private static CompletableFuture<PutResult> illegal(String detail) {
        return CompletableFuture.completedFuture(PutResult.failed(PutStatus.MESSAGE_ILLEGAL, detail));
    }

    @Override
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
            MessageFilter filter) {
        if (state.get() != RUNNING) {
            return new GetResult(GetStatus.NO_MATCHED_LOGIC_QUEUE, List.of(), 0, 0, 0);
        }
        return reader.getMessages(topic, queueId, offset, maxCount, maxBytes, filter);
    }

    @Override
    public StoredMessage readMessage(long physicalOffset) {
        if (state.get() != RUNNING) {
            return null;
        }
        return reader.readMessage(physicalOffset);
    }

    @Override
    public long maxQueueOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    @Override
    public long minQueueOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    @Override
    public long maxPhysicalOffset() {
        return log.writtenOffset();
    }

    @Override
    public long queueOffsetByTime(String topic, int queueId, long timestamp, BoundaryType boundary) {
        return reader.queueOffsetByTime(topic, queueId, timestamp, boundary);
    }

    @Override
    public Set<Integer> queueIds(String topic) {
        return queues.queueIds(topic);
    }

    @Override
    public java.util.Optional<org.skiffmq.api.store.MessageIndex> index() {
        return java.util.Optional.ofNullable(index);
    }

    @Override
    public java.util.Map<String, Double> metrics() {
        long written = log.writtenOffset();
        long min = log.minOffset();
        long oldest = log.storeTimestampAt(min);
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("rocketmq_storage_size_bytes", (double) (written - min));
        m.put("rocketmq_storage_flush_behind_bytes", (double) Math.max(0, written - log.flushedOffset()));
        m.put("rocketmq_storage_dispatch_behind_bytes",
                (double) (index == null ? 0 : Math.max(0, written - index.position())));
        m.put("rocketmq_storage_message_reserve_time_milliseconds", (double) (oldest < 0 ? 0 : Math.max(0, clock.millis() - oldest)));
        m.put("skiff_store_commit_log_files", (double) log.files().length);
        m.put("skiff_store_consume_queues", (double) queues.all().size());
        return m;
    }

    /** The index service, for tests to wait for it. */
    MessageIndexService indexService() {
        return index;
    }

    @Override
    public void setArrivalListener(MessageArrivalListener listener) {
        arrivals.set(listener);
    }

    /** Retention, for tests to run a pass at a time of their choosing. */
    RetentionService retention() {
        return retention;
    }

    /** The arrival notifier, for tests. */
    ArrivalNotifier arrivals() {
        return arrivals;
    }

    @Override
    public void shutdown() {
        if (!state.compareAndSet(RUNNING, STOPPED)) {
            state.compareAndSet(NEW, STOPPED);
            return;
        }
        log.close();
        retention.close();
        if (index != null) {
            index.close();
        }
        try {
            if (groupCommit != null) {
                groupCommit.close();
            }
            periodicFlush.close();
            String failure = health.failure();
            if (failure == null) {
                periodicFlush.flushOnce(true);
                Files.deleteIfExists(config.directory().resolve("abort"));
            } else {
                // No checkpoint, and the abort marker stays: the next start must verify every record.
                LOG.error("store {} shut down after a write failure; the next start recovers and checks the files: {}",
                        config.directory(), failure);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("shutdown of {} did not flush cleanly; the next start recovers", config.directory(), e);
        } finally {
            log.unmap();
            queues.close();
            releaseLock();
        }
        LOG.info("store {} shut down at physical offset {}", config.directory(), log.writtenOffset());
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("could not release {}", config.directory().resolve("lock"), e);
        }
    }
}

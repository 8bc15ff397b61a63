package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.IndexQueryResult;
import org.skiffmq.api.store.MessageIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mmap store's message index: {@link IndexFile}s in {@code <store>/index/}, written by one
 * thread ({@code skiff-store-index}) that follows the commit log, so that a put never waits for it.
 *
 * <p>Durability: the index is derived data. Each file's header says up to which commit-log offset
 * it is complete, and it is written only after the entries it counts are forced; at start the
 * index drops what the recovered commit log no longer holds and indexes the records past that
 * offset again. A file that cannot be read is no reason to refuse to start: the whole index is
 * rebuilt from the commit log instead. Retention deletes a file once the commit log no longer
 * holds any record it points to.
 *
 * <p>Threading: the writer and queries take one lock; a query holds it while it reads the records
 * it found back (queries are an operator's, rare next to puts).
 */
final class MessageIndexService implements MessageIndex {
    private static final Logger LOG = LoggerFactory.getLogger(MessageIndexService.class);
    private static final int RECORDS_PER_TURN = 4096;
    // Each flush writes the slot pages the keys since the last one touched, all over the file: a
    // crash costs only re-indexing what the log holds past the last flush, so flush seldom.
    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CLEAN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long IDLE_SLEEP_MILLIS = 10;

    private final FileOps ops;
    private final Path dir;
    private final CommitLog log;
    private final MessageReader reader;
    private final int capacity;
    private final int slotCount;
    private final RecordKeys keys = new RecordKeys();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<IndexFile> files = new ArrayList<>();
    private long position;
    private volatile boolean stopped;
    private Thread thread;

    MessageIndexService(FileOps ops, Path dir, CommitLog log, MessageReader reader, int capacity) {
        this.ops = ops;
        this.dir = dir;
        this.log = log;
        this.reader = reader;
        this.capacity = capacity;
        this.slotCount = Math.max(1, capacity / 4);
    }

    /**
     * Opens the index files and lines them up with the recovered commit log, which ends at
     * {@code logEnd}; indexing resumes where the newest file is complete.
     */
    void load(long logEnd) throws IOException {
        ops.createDirectories(dir);
        try {
            openAll();
        } catch (IOException e) {
            LOG.warn("the message index in {} cannot be read ({}); rebuilding it from the commit log", dir,
                    e.getMessage());
            deleteAll();
        }
        while (!files.isEmpty() && last().firstOffset() >= logEnd) {
            files.remove(files.size() - 1).delete();
        }
        if (!files.isEmpty() && last().indexedEnd() > logEnd) {
            last().truncate(logEnd);
            last().flush();
        }
        position = Math.max(files.isEmpty() ? 0 : last().indexedEnd(), log.minOffset());
        LOG.info("message index in {}: {} file(s), indexing from commit-log offset {}", dir, files.size(), position);
    }

    private void openAll() throws IOException {
        List<Path> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.filter(p -> FileNames.parse(p.getFileName().toString()) >= 0).sorted().toList();
        }
        for (Path p : names) {
            files.add(IndexFile.open(ops, dir, FileNames.parse(p.getFileName().toString()), slotCount, capacity));
        }
    }

    private void deleteAll() throws IOException {
        for (IndexFile f : files) {
            f.close();
        }
        files.clear();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> FileNames.parse(p.getFileName().toString()) >= 0).toList()) {
                ops.delete(p);
            }
        }
        ops.syncDirectory(dir);
    }

    void start() {
        thread = StoreThreads.named("index").newThread(this::run);
        thread.start();
    }

    private void run() {
        long lastFlush = System.nanoTime();
        long lastClean = lastFlush;
        while (!stopped) {
            try {
                boolean progressed = indexSome();
                long now = System.nanoTime();
                if (now - lastFlush >= FLUSH_INTERVAL_NANOS) {
                    flush();
                    lastFlush = now;
                }
                if (now - lastClean >= CLEAN_INTERVAL_NANOS) {
                    clean();
                    lastClean = now;
                }
                if (!progressed) {
                    Thread.sleep(IDLE_SLEEP_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // The index is derived data: say so and retry; puts go on, lookups see less.
                LOG.error("indexing the commit log at {} failed; retrying in a second", position, e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Indexes up to {@link #RECORDS_PER_TURN} records; returns whether it found any. */
    boolean indexSome() throws IOException {
        lock.lock();
        try {
            ByteBuffer tail = log.tail(position);
            if (tail == null) {
                long min = log.minOffset();
                if (position < min) {
                    position = min; // retention removed records not indexed yet
                    return true;
                }
                return false;
            }
            int p = 0;
            int records = 0;
            while (records < RECORDS_PER_TURN && tail.limit() - p >= StoredMessageCodec.BLANK_SIZE) {
                int totalSize = tail.getInt(p);
                int magic = tail.getInt(p + 4);
                if (magic == StoredMessageCodec.BLANK_MAGIC
                        || (magic != StoredMessageCodec.MAGIC_V1 && magic != StoredMessageCodec.MAGIC_V2)
                        || totalSize <= 0 || totalSize > tail.limit() - p) {
                    if (magic != StoredMessageCodec.BLANK_MAGIC) {
                        LOG.warn("no record at commit-log offset {}; indexing goes on in the next file", position + p);
                    }
                    MappedFile file = log.fileAt(position);
                    position = file == null ? position + p : file.endOffset();
                    return true;
                }
                writable(position + p);
                long at = position + p;
                try {
                    // Bounded to the record: a record whose fields run past its end is skipped, not
                    // retried forever (which would stop indexing at it).
                    keys.forEach(tail, p, totalSize, (hash, time) -> add(hash, at, time));
                } catch (IndexOutOfBoundsException e) {
                    LOG.warn("the record at commit-log offset {} is not indexed: its fields run past its {} bytes", at,
                            totalSize);
                }
                p += totalSize;
                records++;
                last().indexedTo(position + p);
            }
            position += p;
            return records > 0;
        } finally {
            lock.unlock();
        }
    }

    private void add(int hash, long physicalOffset, long storeTimestamp) {
        IndexFile f = last();
        if (f.isFull()) {
            // A record with more keys than room left: its other keys go to a new file.
            try {
                f = writable(physicalOffset);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        f.add(hash, physicalOffset, storeTimestamp);
    }

    /** The file to add entries of the record at {@code offset} to: the newest, or a new one when it is full. */
    private IndexFile writable(long offset) throws IOException {
        IndexFile f = files.isEmpty() ? null : last();
        if (f != null && !f.isFull() && !f.isSealed()) {
            return f;
        }
        if (f != null) {
            f.seal();
            f.flush();
        }
        IndexFile next = IndexFile.create(ops, dir, offset, slotCount, capacity);
        files.add(next);
        return next;
    }

    private IndexFile last() {
        return files.get(files.size() - 1);
    }

    void flush() {
        lock.lock();
        try {
            if (!files.isEmpty()) {
                last().flush();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the files whose every record retention removed from the commit log. */
    void clean() throws IOException {
        lock.lock();
        try {
            long min = log.minOffset();
            while (files.size() > 1 && files.get(0).indexedEnd() <= min) {
                IndexFile gone = files.remove(0);
                gone.delete();
                LOG.info("deleted index file {}: the commit log starts at {}", gone, min);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Where indexing has got to in the commit log. */
    long position() {
        lock.lock();
        try {
            return position;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public IndexQueryResult query(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp) {
        if (topic == null || topic.isEmpty() || key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a query needs a topic and a key");
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxNum must be at least 1; was " + maxCount);
        }
        if (beginTimestamp > endTimestamp) {
            throw new IllegalArgumentException("the time range is inverted: begin " + beginTimestamp + " is after end "
                    + endTimestamp);
        }
        int hash = RecordKeys.hash(topic, key);
        List<StoredMessage> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        lock.lock();
        try {
            for (int i = files.size() - 1; i >= 0 && found.size() < maxCount; i--) {
                IndexFile f = files.get(i);
                if (!f.overlaps(beginTimestamp, endTimestamp)) {
                    continue;
                }
                f.lookup(hash, beginTimestamp, endTimestamp, (offset, time) -> {
                    if (seen.add(offset)) {
                        StoredMessage m = reader.readMessage(offset);
                        if (m != null && m.getStoreTimestamp() == time && topic.equals(m.getTopic())
                                && RecordKeys.carries(m, key)) {
                            found.add(m);
                        }
                    }
                    return found.size() < maxCount;
                });
            }
            long lastTime = files.isEmpty() ? 0 : last().lastTimestamp();
            return new IndexQueryResult(found, lastTime, position);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the writer, flushes and unmaps; idempotent. */
    void close() {
        stopped = true;
        if (thread != null) {
            // No interrupt: one during a file's creation would close its channel under it.
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            for (IndexFile f : files) {
                try {
                    f.flush();
                } catch (RuntimeException e) {
                    LOG.warn("could not flush index file {}; the next start indexes its records again", f, e);
                }
                f.close();
            }
            files.clear();
        } finally {
            lock.unlock();
        }
    }
}

package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The consume queue of one (topic, queue id): owns {@code consumequeue/<topic>/<queueId>/}, files
 * of {@code entriesPerFile} × 20 bytes named by their start byte offset. Queue offset q is the
 * entry at byte q × 20.
 *
 * <pre>
 * entry (big-endian):
 * +--------------------------+-------------+------------------------+
 * | commit-log offset (int64)| size (int32)| tag hash code (int64)  |
 * +--------------------------+-------------+------------------------+
 *              8                    4                  8              = 20 bytes
 * </pre>
 *
 * A slot whose size is 0 holds no entry yet. The tag hash is
 * {@link org.skiffmq.api.message.MessageProperties#tagsCode}.
 *
 * <p>Threading: entries are written by one thread at a time, the commit log's writer under its
 * append lock ({@link #write} then {@link #publish}), or recovery before the store starts.
 * Readers from any thread read entries below {@link #maxOffset()}, which is published (volatile)
 * only after the entry and its commit-log record are written. {@link #flush} belongs to the flush
 * thread. New files are mapped under this object's monitor, never under the append lock when
 * {@link #prepareRoom} ran first.
 *
 * <p>Retention (one cleaning thread) moves the min offset to the first entry whose commit-log record
 * still exists ({@link #correctMinOffset}) and deletes whole files below it from the front, never the
 * last file, which keeps the queue's end across restarts ({@link #deleteFilesBelow}). The file array
 * is swapped under this object's monitor; the unlinking happens outside it, and the mapping of a
 * deleted file is left to the GC ({@link RetiredFiles}). Readers look files up with
 * {@link #fileAt}, which answers null for a deleted one.
 */
final class ConsumeQueue {
    static final int ENTRY_SIZE = 20;

    private final String topic;
    private final int queueId;
    private final FileOps ops;
    private final Path dir;
    private final int fileSize;
    private volatile MappedFile[] files;
    private volatile long maxOffset;
    /** Lower bound set by retention: entries below it point at deleted commit-log data. */
    private volatile long minOffset;
    private long flushedOffset;

    private ConsumeQueue(String topic, int queueId, FileOps ops, Path dir, int entriesPerFile, MappedFile[] files) {
        this.ops = ops;
        this.topic = topic;
        this.queueId = queueId;
        this.dir = dir;
        this.fileSize = entriesPerFile * ENTRY_SIZE;
        this.files = files;
    }

    /** Opens the queue in {@code dir} (creating the directory), finding its end from the last non-empty slot. */
    static ConsumeQueue open(String topic, int queueId, Path dir, int entriesPerFile) throws IOException {
        return open(FileOps.DISK, topic, queueId, dir, entriesPerFile);
    }

    /**
     * Opens the queue in {@code dir} (creating the directory and its parents durably), finding its
     * end from the last non-empty slot.
     */
    static ConsumeQueue open(FileOps ops, String topic, int queueId, Path dir, int entriesPerFile)
            throws IOException {
        ops.createDirectories(dir);
        int fileSize = entriesPerFile * ENTRY_SIZE;
        List<MappedFile> found = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> paths = list.filter(p -> FileNames.parse(p.getFileName().toString()) >= 0).sorted().toList();
            for (Path p : paths) {
                long start = FileNames.parse(p.getFileName().toString());
                if (start % fileSize != 0) {
                    throw new IOException("consume-queue file " + p + " does not start at a multiple of " + fileSize
                            + " bytes; was it written with another consumeQueueEntriesPerFile?");
                }
                if (!found.isEmpty() && found.get(found.size() - 1).endOffset() != start) {
                    throw new IOException("consume-queue file " + p + " does not follow "
                            + found.get(found.size() - 1).path() + "; a file is missing");
                }
                found.add(MappedFile.map(ops, dir, start, fileSize));
            }
        }
        ConsumeQueue cq = new ConsumeQueue(topic, queueId, ops, dir, entriesPerFile, found.toArray(new MappedFile[0]));
        cq.maxOffset = cq.findEnd();
        cq.flushedOffset = cq.maxOffset;
        return cq;
    }

    private long findEnd() {
        MappedFile[] fs = files;
        for (int i = fs.length - 1; i >= 0; i--) {
            ByteBuffer b = fs[i].reader();
            for (int pos = fileSize - ENTRY_SIZE; pos >= 0; pos -= ENTRY_SIZE) {
                if (b.getInt(pos + 8) != 0) {
                    return (fs[i].startOffset() + pos) / ENTRY_SIZE + 1;
                }
            }
        }
        return fs.length == 0 ? 0 : fs[0].startOffset() / ENTRY_SIZE;
    }

    String topic() {
        return topic;
    }

    int queueId() {
        return queueId;
    }

    /** The next queue offset to be written: everything below it is readable. */
    long maxOffset() {
        return maxOffset;
    }

    /** The first readable queue offset: in the first file, at or after the retention bound, at most max. */
    long minOffset() {
        long max = maxOffset;
        MappedFile[] fs = files;
        long first = fs.length == 0 ? max : fs[0].startOffset() / ENTRY_SIZE;
        return Math.min(Math.max(first, minOffset), max);
    }

    /**
     * The first queue offset whose record starts at or after {@code logMinOffset} (still exists in
     * the commit log), by binary search (a queue's physical offsets only grow); max when none.
     */
    long firstOffsetWithData(long logMinOffset) {
        long lo = minOffset();
        long hi = maxOffset;
        Cursor c = new Cursor();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (c.seek(mid) && c.size() > 0 && c.physicalOffset() >= logMinOffset) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Retention (cleaning thread) and recovery: moves the min offset up to the first entry whose
     * record still exists. Returns the new min offset.
     */
    long correctMinOffset(long logMinOffset) {
        long first = firstOffsetWithData(logMinOffset);
        if (first > minOffset) {
            minOffset = first;
        }
        return minOffset();
    }

    /** Recovery: no entry below {@code queueOffset} is readable (their records are gone); at most max. */
    void raiseMinOffset(long queueOffset) {
        long bound = Math.min(queueOffset, maxOffset);
        if (bound > minOffset) {
            minOffset = bound;
        }
    }

    /**
     * Retention: deletes files, oldest first, whose entries all lie below {@code queueOffset};
     * never the last file. Returns how many went.
     */
    int deleteFilesBelow(long queueOffset, RetiredFiles retired) {
        int deleted = 0;
        while (true) {
            MappedFile[] fs = files;
            if (fs.length < 2 || fs[0].endOffset() > queueOffset * ENTRY_SIZE || !retired.delete(fs[0])) {
                return deleted;
            }
            dropFirst(fs[0]);
            deleted++;
        }
    }

    private synchronized void dropFirst(MappedFile first) {
        MappedFile[] fs = files;
        if (fs.length > 0 && fs[0] == first) {
            files = Arrays.copyOfRange(fs, 1, fs.length);
        }
    }

    /** Maps the file(s) that the next {@code count} entries will need, so the writer does not. */
    void prepareRoom(int count) throws IOException {
        long lastByte = (maxOffset + count) * ENTRY_SIZE - 1;
        MappedFile[] fs = files;
        if (fs.length == 0 || lastByte >= fs[fs.length - 1].endOffset()) {
            fileFor(lastByte);
        }
    }

    /** Writes the entry for queue offset {@code queueOffset}; readers see it after {@link #publish}. */
    void write(long queueOffset, long physicalOffset, int size, long tagsCode) throws IOException {
        long byteOffset = queueOffset * ENTRY_SIZE;
        MappedFile f = fileFor(byteOffset);
        ByteBuffer b = f.writer();
        int pos = (int) (byteOffset - f.startOffset());
        b.putLong(pos, physicalOffset);
        b.putInt(pos + 8, size);
        b.putLong(pos + 12, tagsCode);
    }

    /** Makes entries below {@code newMaxOffset} visible to readers. */
    void publish(long newMaxOffset) {
        maxOffset = newMaxOffset;
    }

    /**
     * Recovery: writes the entry at {@code queueOffset} (overwriting what is there) and extends the
     * queue when it is the next one. Returns false, writing nothing, when it would leave a gap.
     */
    boolean putAt(long queueOffset, long physicalOffset, int size, long tagsCode) throws IOException {
        if (queueOffset > maxOffset || queueOffset < minOffset()) {
            return false;
        }
        write(queueOffset, physicalOffset, size, tagsCode);
        if (queueOffset == maxOffset) {
            maxOffset = queueOffset + 1;
        }
        if (queueOffset < flushedOffset) {
            flushedOffset = queueOffset; // rewritten below what was on disk: the next flush forces it
        }
        return true;
    }

    /**
     * Recovery rebuilding from the first commit-log file: like {@link #putAt}, but when the queue
     * ends below {@code queueOffset} it starts again at {@code queueOffset}. The rebuild meets a
     * queue's records in order from the log's first file, so the records of the missing entries,
     * and of the entries it has, are gone with deleted commit-log files (their entries were lost,
     * e.g. never flushed before a power cut, or the queue's files were).
     */
    boolean putAtOrRebase(long queueOffset, long physicalOffset, int size, long tagsCode) throws IOException {
        if (queueOffset > maxOffset) {
            rebase(queueOffset);
        }
        return putAt(queueOffset, physicalOffset, size, tagsCode);
    }

    private synchronized void rebase(long queueOffset) throws IOException {
        for (MappedFile f : files) {
            f.unmapAndDelete(); // recovery: no reader yet
        }
        files = new MappedFile[0];
        maxOffset = queueOffset;
        minOffset = queueOffset;
        flushedOffset = queueOffset;
    }

    /**
     * Recovery: drops the trailing entries it cannot vouch for. {@code indexedEnd} is the queue
     * offset after the last entry recovery rewrote from a verified record (-1 when it rewrote
     * none): everything above it is past the log's end, or torn by a power cut. Without one, an
     * entry is kept only if it is well formed and its record ends below {@code verifiedFrom},
     * where the checkpoint vouches for the entries; a record at or above it would have been
     * rewritten. (A torn entry can look like anything, a negative offset included.)
     */
    void dropUnverifiedEntries(long indexedEnd, long verifiedFrom) throws IOException {
        long max = maxOffset;
        if (indexedEnd >= 0) {
            max = Math.min(max, indexedEnd);
        } else {
            long min = minOffset();
            while (max > min) {
                long q = max - 1;
                long physicalOffset = physicalOffset(q);
                int size = size(q);
                if (size > 0 && physicalOffset >= 0 && physicalOffset + size <= verifiedFrom) {
                    break;
                }
                max = q;
            }
        }
        truncate(max);
    }

    /** Recovery: removes every entry from {@code newMaxOffset} on (zeroes the slots, deletes later files). */
    synchronized void truncate(long newMaxOffset) throws IOException {
        long byteOffset = newMaxOffset * ENTRY_SIZE;
        List<MappedFile> keep = new ArrayList<>();
        for (MappedFile f : files) {
            if (f.startOffset() >= byteOffset && !keep.isEmpty()) {
                f.unmapAndDelete();
            } else {
                if (byteOffset < f.endOffset()) {
                    int from = (int) Math.max(0, byteOffset - f.startOffset());
                    f.zero(from, f.size());
                    f.force(from, f.size()); // or the dropped entries come back after a power cut
                }
                keep.add(f);
            }
        }
        files = keep.toArray(new MappedFile[0]);
        maxOffset = newMaxOffset;
        minOffset = Math.min(minOffset, newMaxOffset);
        flushedOffset = Math.min(flushedOffset, newMaxOffset);
    }

    long physicalOffset(long queueOffset) {
        long byteOffset = queueOffset * ENTRY_SIZE;
        MappedFile f = fileAt(byteOffset);
        return f.reader().getLong((int) (byteOffset - f.startOffset()));
    }

    int size(long queueOffset) {
        long byteOffset = queueOffset * ENTRY_SIZE;
        MappedFile f = fileAt(byteOffset);
        return f.reader().getInt((int) (byteOffset - f.startOffset()) + 8);
    }

    long tagsCode(long queueOffset) {
        long byteOffset = queueOffset * ENTRY_SIZE;
        MappedFile f = fileAt(byteOffset);
        return f.reader().getLong((int) (byteOffset - f.startOffset()) + 12);
    }

    /** The mapped file holding {@code byteOffset}, or null when none does (deleted, or never written). */
    MappedFile fileAt(long byteOffset) {
        MappedFile[] fs = files;
        if (fs.length == 0 || byteOffset < fs[0].startOffset()) {
            return null;
        }
        long index = (byteOffset - fs[0].startOffset()) / fileSize;
        return index < fs.length ? fs[(int) index] : null;
    }

    /** A reader of entries in queue-offset order that looks a file up only when it crosses into another. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Reads the entry it was last {@link #seek sought} to. One per read; not thread-safe. */
    final class Cursor {
        private MappedFile file;
        private int position;

        /** Moves to {@code queueOffset}; false when its file is gone (retention) or was never written. */
        boolean seek(long queueOffset) {
            long byteOffset = queueOffset * ENTRY_SIZE;
            if (file == null || byteOffset < file.startOffset() || byteOffset >= file.endOffset()) {
                file = fileAt(byteOffset);
                if (file == null) {
                    return false;
                }
            }
            position = (int) (byteOffset - file.startOffset());
            return true;
        }

        long physicalOffset() {
            return file.reader().getLong(position);
        }

        int size() {
            return file.reader().getInt(position + 8);
        }

        long tagsCode() {
            return file.reader().getLong(position + 12);
        }
    }

    private MappedFile fileFor(long byteOffset) throws IOException {
        MappedFile[] fs = files;
        if (fs.length > 0) {
            long index = (byteOffset - fs[0].startOffset()) / fileSize;
            if (byteOffset >= fs[0].startOffset() && index < fs.length) {
                return fs[(int) index];
            }
        }
        return mapFileFor(byteOffset);
    }

    private synchronized MappedFile mapFileFor(long byteOffset) throws IOException {
        MappedFile[] fs = files;
        long start = byteOffset - byteOffset % fileSize;
        long next = fs.length == 0 ? start : fs[fs.length - 1].endOffset();
        if (start < next) {
            return fs[(int) ((byteOffset - fs[0].startOffset()) / fileSize)];
        }
        MappedFile[] grown = Arrays.copyOf(fs, fs.length + (int) ((start - next) / fileSize) + 1);
        for (int i = fs.length; i < grown.length; i++) {
            grown[i] = MappedFile.map(ops, dir, next + (long) (i - fs.length) * fileSize, fileSize);
        }
        files = grown;
        return grown[grown.length - 1];
    }

    /** Forces the entries written since the last flush. Flush thread only. */
    void flush() {
        long target = maxOffset;
        long from = flushedOffset * ENTRY_SIZE;
        long to = target * ENTRY_SIZE;
        if (to <= from) {
            return;
        }
        MappedFile[] fs = files;
        for (MappedFile f : fs) {
            if (f.endOffset() <= from || f.startOffset() >= to) {
                continue;
            }
            f.force((int) (Math.max(from, f.startOffset()) - f.startOffset()),
                    (int) (Math.min(to, f.endOffset()) - f.startOffset()));
        }
        flushedOffset = target;
    }

    /** Unmaps the files; no reader may use the queue afterwards. */
    void close() {
        for (MappedFile f : files) {
            f.close();
        }
    }

    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}

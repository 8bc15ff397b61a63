package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/**
 * The commit log: owns {@code <dir>/commitlog/}, fixed-size files named by the physical offset of
 * their first byte (20 digits), holding records in RocketMQ's stored-message encoding
 * ({@link StoredMessageCodec}) back to back. A record never spans files: when a record and the
 * 8-byte blank marker do not fit, the file ends with the marker and the record opens the next file.
 *
 * <pre>
 *  00000000000000000000                      00000000000001048576
 * +--------+--------+-----+--------+-------+ +--------+-----
 * | record | record | ... | record | BLANK | | record | ...
 * +--------+--------+-----+--------+-------+ +--------+-----
 *                                   |  remaining (int32) | 0xCBD43194 (int32) | zeros ... |
 * </pre>
 *
 * Threading: one append position, guarded by the append lock. {@link #append} and
 * {@link #appendBatch} take it only to assign offsets, copy the record into the mapped file, write
 * the consume-queue entry and publish; no I/O call runs under it except mapping a file the
 * allocator had not prepared. Readers use {@link #slice} from any thread and see records only up
 * to {@link #writtenOffset()}, published (volatile) after the bytes. {@link #flush} runs on one
 * flushing thread at a time (it is synchronized, never under the append lock).
 *
 * <p>Retention removes files from the front only, oldest first, never the file being written
 * ({@link #deleteOldest}); the file list stays contiguous, so {@link #minOffset()} is the start of
 * the first file. The append lock is taken there only to swap the file array, never across I/O.
 * A reader that got a file just before it was deleted keeps a valid mapping (see
 * {@link RetiredFiles}); one that looks it up afterwards finds nothing and treats the record as
 * removed.
 */
final class CommitLog {
    private final Path dir;
    private final int fileSize;
    private final Clock clock;
    private final FsyncHook fsyncHook;
    private final FileOps ops;
    private final FileAllocator allocator;
    private final ReentrantLock appendLock = new ReentrantLock();

    private volatile MappedFile[] files = new MappedFile[0];
    private volatile long writtenOffset;
    private volatile long flushedOffset;
    /** Why a force failed, once one did; from then on {@link #flush} only throws (see there). */
    private volatile String flushFailure;

    // guarded by appendLock
    private MappedFile current;
    private int writePosition;
    /** Pages of {@link #current} below this are touched (or asked to be); the writer moves it ahead. */
    private int warmedTo;
    private boolean closed;

    CommitLog(Path dir, int fileSize, Clock clock, FsyncHook fsyncHook, FileOps ops) {
        this.ops = ops;
        this.dir = dir;
        this.fileSize = fileSize;
        this.clock = clock;
        this.fsyncHook = fsyncHook;
        this.allocator = new FileAllocator(ops, dir, fileSize);
    }

    /** Maps the files on disk; they must be contiguous and aligned to the file size. */
    void load() throws IOException {
        ops.createDirectories(dir);
        List<MappedFile> found = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> FileNames.parse(p.getFileName().toString()) >= 0).sorted().toList()) {
                long start = FileNames.parse(p.getFileName().toString());
                if (start % fileSize != 0) {
                    throw new IOException("commit-log file " + p + " does not start at a multiple of the file size "
                            + fileSize + "; was it written with another commitLogFileSize?");
                }
                if (!found.isEmpty() && found.get(found.size() - 1).endOffset() != start) {
                    throw new IOException("commit-log file " + p + " does not follow " + found.get(found.size() - 1)
                            + "; a file is missing");
                }
                found.add(MappedFile.map(ops, dir, start, fileSize));
            }
        }
        files = found.toArray(new MappedFile[0]);
    }

    MappedFile[] files() {
        return files;
    }

    int fileSize() {
        return fileSize;
    }

    /** Largest record a file can take (it must leave room for the blank marker). */
    int maxRecordSize() {
        return fileSize - StoredMessageCodec.BLANK_SIZE;
    }

    /**
     * When {@code files[index]} was last written, by the injected clock: the store time of the
     * record that rolled the log over into the next file (the blank marker was written in the same
     * append). -1 while unknown: the last file, or a next file whose first record is not published.
     */
    long lastWriteMillis(MappedFile[] files, int index) {
        if (index + 1 >= files.length) {
            return -1;
        }
        MappedFile next = files[index + 1];
        if (writtenOffset <= next.startOffset()) { // volatile read first: the record is whole
            return -1;
        }
        ByteBuffer b = next.reader();
        return RecordHeader.isRecord(b, 0) ? RecordHeader.storeTimestamp(b, 0) : -1;
    }

    /** The store time of the record at {@code physicalOffset}, or -1 when it is not (or no longer) there. */
    long storeTimestampAt(long physicalOffset) {
        if (physicalOffset < 0 || physicalOffset >= writtenOffset) {
            return -1;
        }
        MappedFile f = fileAt(physicalOffset);
        if (f == null) {
            return -1;
        }
        int position = (int) (physicalOffset - f.startOffset());
        ByteBuffer b = f.reader();
        if (position + RecordHeader.MAX_STORE_TIMESTAMP_END > f.size() || !RecordHeader.isRecord(b, position)) {
            return -1;
        }
        return RecordHeader.storeTimestamp(b, position);
    }

    /**
     * Retention: deletes the oldest file unless it is the one being written. The file's name goes
     * first (so a crash never leaves a hole in the list), then the log forgets it; the mapping is
     * left to {@code retired}. Returns the deleted file, or null when there was none to delete.
     */
    MappedFile deleteOldest(RetiredFiles retired) {
        MappedFile oldest;
        appendLock.lock();
        try {
            MappedFile[] fs = files;
            if (closed || fs.length < 2 || fs[0] == current) {
                return null;
            }
            oldest = fs[0];
        } finally {
            appendLock.unlock();
        }
        if (!retired.delete(oldest)) {
            return null;
        }
        appendLock.lock();
        try {
            MappedFile[] fs = files;
            if (fs.length > 0 && fs[0] == oldest) {
                files = Arrays.copyOfRange(fs, 1, fs.length);
            }
        } finally {
            appendLock.unlock();
        }
        return oldest;
    }

    /** Recovery: zeroes everything from {@code end} on and deletes the files after the one holding it. */
    void truncate(long end) throws IOException {
        List<MappedFile> keep = new ArrayList<>();
        for (MappedFile f : files) {
            if (f.startOffset() > end || (f.startOffset() == end && end != 0 && !keep.isEmpty())) {
                f.unmapAndDelete();
            } else {
                if (end < f.endOffset()) {
                    f.zero((int) (end - f.startOffset()), f.size());
                    f.force(0, f.size());
                }
                keep.add(f);
            }
        }
        files = keep.toArray(new MappedFile[0]);
    }

    /** Recovery is done: appends continue at {@code end}, everything below it is taken as flushed. */
    void openForAppend(long end) throws IOException {
        appendLock.lock();
        try {
            MappedFile[] fs = files;
            MappedFile last = fs.length == 0 ? null : fs[fs.length - 1];
            if (last == null || end >= last.endOffset()) {
                current = allocator.take(end);
                files = append(fs, current);
            } else {
                current = fileAt(end);
                allocator.request(last.endOffset());
            }
            writePosition = (int) (end - current.startOffset());
            warmedTo = writePosition;
            writtenOffset = end;
            flushedOffset = end;
        } finally {
            appendLock.unlock();
        }
    }

    private static MappedFile[] append(MappedFile[] fs, MappedFile f) {
        MappedFile[] grown = Arrays.copyOf(fs, fs.length + 1);
        grown[fs.length] = f;
        return grown;
    }

    /**
     * Appends one prepared record and its consume-queue entry. Nothing becomes visible unless both
     * are written.
     */
    PutResult append(StoredMessageCodec.Prepared record, ConsumeQueue queue, long tagsCode) {
        int size = record.totalSize();
        appendLock.lock();
        try {
            if (closed) {
                return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "the store is shut down");
            }
            MappedFile file = roomFor(size);
            long physicalOffset = file.startOffset() + writePosition;
            long queueOffset = queue.maxOffset();
            long now = clock.millis();
            queue.write(queueOffset, physicalOffset, size, tagsCode);
            ByteBuffer w = file.writer();
            w.position(writePosition);
            StoredMessageCodec.write(w, record, queueOffset, physicalOffset, now);
            writePosition += size;
            writtenOffset = physicalOffset + size;
            queue.publish(queueOffset + 1);
            warmAhead(file);
            return new PutResult(PutStatus.PUT_OK, new long[] {physicalOffset}, queueOffset, now, null);
        } catch (IOException e) {
            return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "commit log cannot grow: " + e.getMessage());
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Appends records of one queue, in one file, with consecutive queue offsets; all or nothing.
     * {@code totalSize} is the sum of their sizes and at most {@link #maxRecordSize()}.
     */
    PutResult appendBatch(StoredMessageCodec.Prepared[] records, int totalSize, ConsumeQueue queue, long[] tagsCodes) {
        int n = records.length;
        long[] physicalOffsets = new long[n];
        appendLock.lock();
        try {
            if (closed) {
                return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "the store is shut down");
            }
            MappedFile file = roomFor(totalSize);
            long firstQueueOffset = queue.maxOffset();
            long now = clock.millis();
            long physicalOffset = file.startOffset() + writePosition;
            for (int i = 0; i < n; i++) {
                physicalOffsets[i] = physicalOffset;
                queue.write(firstQueueOffset + i, physicalOffset, records[i].totalSize(), tagsCodes[i]);
                physicalOffset += records[i].totalSize();
            }
            ByteBuffer w = file.writer();
            w.position(writePosition);
            for (int i = 0; i < n; i++) {
                StoredMessageCodec.write(w, records[i], firstQueueOffset + i, physicalOffsets[i], now);
            }
            writePosition += totalSize;
            writtenOffset = physicalOffset;
            queue.publish(firstQueueOffset + n);
            warmAhead(file);
            return new PutResult(PutStatus.PUT_OK, physicalOffsets, firstQueueOffset, now, null);
        } catch (IOException e) {
            return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "commit log cannot grow: " + e.getMessage());
        } finally {
            appendLock.unlock();
        }
    }

    /** Ends the current file with its blank marker unless it is empty; the next append starts the next file. */
    void endFile() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                throw new IOException("the store is shut down");
            }
            if (writePosition > 0) {
                // The blank belongs to what is written: flushes cover it, and the end is the next file.
                writtenOffset = roll().startOffset();
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** The file to write {@code size} bytes into; rolls to the next file (blank marker) when they do not fit. */
    private MappedFile roomFor(int size) throws IOException {
        if (writePosition + size + StoredMessageCodec.BLANK_SIZE <= fileSize) {
            return current;
        }
        return roll();
    }

    private MappedFile roll() throws IOException {
        MappedFile file = current;
        MappedFile next = allocator.take(file.endOffset());
        ByteBuffer w = file.writer();
        w.position(writePosition);
        StoredMessageCodec.writeBlank(w, fileSize - writePosition);
        files = append(files, next);
        current = next;
        writePosition = 0;
        warmedTo = FileAllocator.WARM_WINDOW;
        return next;
    }

    /** Keeps a window of touched pages ahead of the writer: asks for the next half once half is used. */
    private void warmAhead(MappedFile file) {
        if (writePosition + FileAllocator.WARM_WINDOW / 2 > warmedTo && warmedTo < fileSize) {
            int to = Math.min(fileSize, writePosition + FileAllocator.WARM_WINDOW);
            allocator.warm(file, Math.max(warmedTo, writePosition), to);
            warmedTo = to;
        }
    }

    /** The file being written, or null before the log is opened. */
    MappedFile currentFile() {
        return current;
    }

    /** The physical offset the next record gets (published end of the log). */
    long writtenOffset() {
        return writtenOffset;
    }

    /**
     * The end of the log read under the append lock, so every record below it also has its
     * consume-queue entry published (an append publishes the queue's end just after the log's):
     * what a checkpoint may claim as indexed once the queues are flushed.
     */
    long indexedOffset() {
        appendLock.lock();
        try {
            return writtenOffset;
        } finally {
            appendLock.unlock();
        }
    }

    /** Everything below this offset is on disk. */
    long flushedOffset() {
        return flushedOffset;
    }

    long minOffset() {
        MappedFile[] fs = files;
        return fs.length == 0 ? 0 : fs[0].startOffset();
    }

    /** A read-only view of the {@code size} bytes at {@code physicalOffset}, or null when not (yet) there. */
    ByteBuffer slice(long physicalOffset, int size) {
        if (physicalOffset < 0 || size <= 0 || physicalOffset + size > writtenOffset) {
            return null;
        }
        MappedFile f = fileAt(physicalOffset);
        if (f == null) {
            return null;
        }
        int position = (int) (physicalOffset - f.startOffset());
        return position + size <= fileSize ? f.slice(position, size) : null;
    }

    /** A read-only view from {@code physicalOffset} to the end of its file (for decoding one record), or null. */
    ByteBuffer tail(long physicalOffset) {
        if (physicalOffset < 0 || physicalOffset >= writtenOffset) {
            return null;
        }
        MappedFile f = fileAt(physicalOffset);
        if (f == null) {
            return null;
        }
        int position = (int) (physicalOffset - f.startOffset());
        long fileEndOrWritten = Math.min(f.endOffset(), writtenOffset) - f.startOffset();
        return f.slice(position, (int) fileEndOrWritten - position);
    }

    MappedFile fileAt(long physicalOffset) {
        MappedFile[] fs = files;
        if (fs.length == 0 || physicalOffset < fs[0].startOffset()) {
            return null;
        }
        long index = (physicalOffset - fs[0].startOffset()) / fileSize;
        return index < fs.length ? fs[(int) index] : null;
    }

    /**
     * Forces everything appended so far to disk and returns the new flushed offset. One fsync
     * (msync) per file touched since the last flush, whatever the number of records.
     *
     * <p>Once a force has failed, every later call throws and the flushed offset never moves
     * again: on Linux an fsync after a write-back error usually succeeds (the failed pages were
     * marked clean), so a later "successful" flush proves nothing about the bytes before it.
     * Only a restart, whose recovery verifies the files, clears it.
     *
     * @throws UncheckedIOException when this or an earlier force failed
     */
    synchronized long flush() {
        if (flushFailure != null) {
            throw new UncheckedIOException(new IOException("an earlier flush of the commit log failed ("
                    + flushFailure + "); nothing is taken as flushed after it until a restart"));
        }
        long target = writtenOffset;
        long from = flushedOffset;
        if (target <= from) {
            return from;
        }
        try {
            fsyncHook.beforeFsync(target);
            forceRange(from, target);
        } catch (RuntimeException | Error e) {
            flushFailure = e.toString();
            throw e;
        }
        flushedOffset = target;
        return target;
    }

    private void forceRange(long from, long target) {
        long position = from;
        while (position < target) {
            MappedFile f = fileAt(position);
            if (f == null) {
                long min = minOffset();
                if (position < min) { // deleted by retention before it was flushed: nothing to force
                    position = min;
                    continue;
                }
                break;
            }
            int to = target >= f.endOffset() ? fileSize : (int) (target - f.startOffset());
            f.force((int) (position - f.startOffset()), to);
            position = f.startOffset() + to;
        }
    }

    /** Whether a flush has failed (see {@link #flush}). */
    boolean flushFailed() {
        return flushFailure != null;
    }

    /** Refuses further appends; waits for an append in progress to finish. */
    void close() {
        appendLock.lock();
        try {
            closed = true;
        } finally {
            appendLock.unlock();
        }
        allocator.close();
    }

    /** Unmaps every file; no reader may use a slice afterwards. */
    void unmap() {
        for (MappedFile f : files) {
            f.close();
        }
    }
}

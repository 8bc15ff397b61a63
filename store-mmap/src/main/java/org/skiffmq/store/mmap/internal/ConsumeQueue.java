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
 */
final class ConsumeQueue {
    static final int ENTRY_SIZE = 20;

    private final String topic;
    private final int queueId;
    private final Path dir;
    private final int fileSize;
    private volatile MappedFile[] files;
    private volatile long maxOffset;
    private long flushedOffset;

    private ConsumeQueue(String topic, int queueId, Path dir, int entriesPerFile, MappedFile[] files) {
        this.topic = topic;
        this.queueId = queueId;
        this.dir = dir;
        this.fileSize = entriesPerFile * ENTRY_SIZE;
        this.files = files;
    }

    /** Opens the queue in {@code dir} (creating the directory), finding its end from the last non-empty slot. */
    static ConsumeQueue open(String topic, int queueId, Path dir, int entriesPerFile) throws IOException {
        Files.createDirectories(dir);
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
                found.add(MappedFile.map(dir, start, fileSize));
            }
        }
        ConsumeQueue cq = new ConsumeQueue(topic, queueId, dir, entriesPerFile, found.toArray(new MappedFile[0]));
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

    /** The first readable queue offset. */
    long minOffset() {
        MappedFile[] fs = files;
        return fs.length == 0 ? maxOffset : Math.min(fs[0].startOffset() / ENTRY_SIZE, maxOffset);
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
        return true;
    }

    /** Recovery: drops trailing entries whose record does not end inside the commit log's {@code end}. */
    void dropEntriesPast(long commitLogEnd) throws IOException {
        long max = maxOffset;
        long min = minOffset();
        while (max > min) {
            long q = max - 1;
            if (physicalOffset(q) + size(q) <= commitLogEnd && size(q) > 0) {
                break;
            }
            max = q;
        }
        truncate(max);
    }

    /** Recovery: removes every entry from {@code newMaxOffset} on (zeroes the slots, deletes later files). */
    synchronized void truncate(long newMaxOffset) throws IOException {
        long byteOffset = newMaxOffset * ENTRY_SIZE;
        List<MappedFile> keep = new ArrayList<>();
        for (MappedFile f : files) {
            if (f.startOffset() >= byteOffset && !keep.isEmpty()) {
                f.delete();
            } else {
                if (byteOffset < f.endOffset()) {
                    f.zero((int) Math.max(0, byteOffset - f.startOffset()), f.size());
                }
                keep.add(f);
            }
        }
        files = keep.toArray(new MappedFile[0]);
        maxOffset = newMaxOffset;
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

    /** The mapped file holding {@code byteOffset}; the caller knows it exists (below maxOffset). */
    MappedFile fileAt(long byteOffset) {
        MappedFile[] fs = files;
        int index = (int) ((byteOffset - fs[0].startOffset()) / fileSize);
        return fs[index];
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
            grown[i] = MappedFile.map(dir, next + (long) (i - fs.length) * fileSize, fileSize);
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

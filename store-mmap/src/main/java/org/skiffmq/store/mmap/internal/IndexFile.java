package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * One file of the message index: a hash table of keys to commit-log offsets, in a fixed-size
 * mapped file named by the commit-log offset of the first record it indexes.
 *
 * <pre>
 * +---------------- header (64) ----------------+-- slots (4 each) --+-- entries (24 each) ------------+
 * | magic 'SKIX' | version | slotCount | capacity |  newest entry + 1  | keyHash (4) | physical offset (8) |
 * | entryCount | sealed | indexedEnd (8)         |  of the slot, or 0 | store time (8) | previous + 1 (4) |
 * | firstTime (8) | lastTime (8) | CRC32 (4)     |                    |                                  |
 * +---------------------------------------------+--------------------+----------------------------------+
 * </pre>
 *
 * An entry links to the previous entry of its slot, so a lookup walks one chain, newest first.
 * The header is the durable part: it is written only by {@link #flush()}, after the entries it
 * counts were forced, so after a power cut it never claims an entry the disk does not hold; the
 * slots may then point past it, and {@link #open} rebuilds them from the counted entries.
 *
 * <p>Threading: one writer; callers serialize reads against writes (the index service's lock).
 */
final class IndexFile {
    static final int MAGIC = 0x534B4958;
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int ENTRY_SIZE = 24;
    private static final int CRC_AT = 56;

    private final MappedFile file;
    private final int slotCount;
    private final int capacity;
    private final ByteBuffer buf;
    private int count;
    private boolean sealed;
    private long indexedEnd;
    private long firstTimestamp;
    private long lastTimestamp;
    private boolean dirty;

    private IndexFile(MappedFile file, int slotCount, int capacity) {
        this.file = file;
        this.slotCount = slotCount;
        this.capacity = capacity;
        this.buf = file.writer();
    }

    static int fileSize(int slotCount, int capacity) {
        return HEADER_SIZE + slotCount * 4 + capacity * ENTRY_SIZE;
    }

    /** Creates the file for records from {@code firstOffset} on. */
    static IndexFile create(FileOps ops, Path dir, long firstOffset, int slotCount, int capacity) throws IOException {
        IndexFile f = new IndexFile(MappedFile.map(ops, dir, firstOffset, fileSize(slotCount, capacity)), slotCount,
                capacity);
        f.indexedEnd = firstOffset;
        f.dirty = true;
        f.flush();
        return f;
    }

    /**
     * Opens an existing file: reads the header, drops what it does not count and rebuilds the
     * slots from the counted entries.
     *
     * @throws IOException when the header is damaged or was written with other sizes
     */
    static IndexFile open(FileOps ops, Path dir, long firstOffset, int slotCount, int capacity) throws IOException {
        IndexFile f = new IndexFile(MappedFile.map(ops, dir, firstOffset, fileSize(slotCount, capacity)), slotCount,
                capacity);
        ByteBuffer b = f.buf;
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || b.getInt(CRC_AT) != headerCrc(b)) {
            f.close();
            throw new IOException("index file " + f.file + " has no valid header");
        }
        if (b.getInt(8) != slotCount || b.getInt(12) != capacity) {
            f.close();
            throw new IOException("index file " + f.file + " was written with " + b.getInt(8) + " slots and "
                    + b.getInt(12) + " entries, not " + slotCount + " and " + capacity);
        }
        f.count = b.getInt(16);
        f.sealed = b.getInt(20) != 0;
        f.indexedEnd = b.getLong(24);
        f.firstTimestamp = b.getLong(32);
        f.lastTimestamp = b.getLong(40);
        if (f.count < 0 || f.count > capacity || f.indexedEnd < firstOffset) {
            f.close();
            throw new IOException("index file " + f.file + " has an impossible header (" + f.count + " entries, indexed to "
                    + f.indexedEnd + ")");
        }
        if (!f.sealed) {
            f.rebuildSlots(); // a sealed file was forced whole before its header said so
        }
        return f;
    }

    /**
     * Empties the slots and links them again from the counted entries (an entry's link points only
     * backwards, so the counted ones are whole); entries past the count are never reached.
     */
    private void rebuildSlots() {
        file.zero(HEADER_SIZE, entriesAt());
        for (int i = 0; i < count; i++) {
            buf.putInt(slotAt(buf.getInt(entryAt(i))), i + 1);
        }
    }

    long firstOffset() {
        return file.startOffset();
    }

    /** The commit-log offset up to which records are indexed here. */
    long indexedEnd() {
        return indexedEnd;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    boolean isFull() {
        return count >= capacity;
    }

    boolean isSealed() {
        return sealed;
    }

    int count() {
        return count;
    }

    /** Adds one key's entry; the caller checked {@link #isFull()}. */
    void add(int keyHash, long physicalOffset, long storeTimestamp) {
        int slot = slotAt(keyHash);
        int at = entryAt(count);
        buf.putInt(at, keyHash);
        buf.putLong(at + 4, physicalOffset);
        buf.putLong(at + 12, storeTimestamp);
        buf.putInt(at + 20, buf.getInt(slot));
        buf.putInt(slot, ++count);
        if (firstTimestamp == 0) {
            firstTimestamp = storeTimestamp;
        }
        lastTimestamp = Math.max(lastTimestamp, storeTimestamp);
        dirty = true;
    }

    /** Records that every record below {@code end} is indexed (each key of each record added). */
    void indexedTo(long end) {
        if (end != indexedEnd) {
            indexedEnd = end;
            dirty = true;
        }
    }

    /** Whether some entry's store time may fall in {@code [begin, end]}. */
    boolean overlaps(long begin, long end) {
        return count > 0 && firstTimestamp <= end && lastTimestamp >= begin;
    }

    /**
     * Walks the chain of {@code keyHash}, newest first, handing each entry with that hash and a
     * store time in range to {@code visitor} until it returns false.
     */
    void lookup(int keyHash, long begin, long end, EntryVisitor visitor) {
        int next = buf.getInt(slotAt(keyHash));
        int steps = 0;
        while (next > 0 && next <= count && steps++ < capacity) {
            int at = entryAt(next - 1);
            long time = buf.getLong(at + 12);
            if (buf.getInt(at) == keyHash && time >= begin && time <= end
                    && !visitor.visit(buf.getLong(at + 4), time)) {
                return;
            }
            int previous = buf.getInt(at + 20);
            if (previous >= next) {
                return; // links only go backwards; anything else is damage
            }
            next = previous;
        }
    }

    /** Drops the entries of records at or past {@code end} (a commit log cut shorter by recovery). */
    void truncate(long end) {
        int keep = count;
        while (keep > 0 && buf.getLong(entryAt(keep - 1) + 4) >= end) {
            keep--;
        }
        count = keep;
        sealed = false;
        indexedEnd = Math.min(indexedEnd, end);
        rebuildSlots();
        dirty = true;
    }

    /** Marks the file full: no entry is added again. */
    void seal() {
        sealed = true;
        dirty = true;
    }

    /** Forces the entries and slots, then writes and forces the header that counts them. */
    void flush() {
        if (!dirty) {
            return;
        }
        file.force(HEADER_SIZE, entryAt(count));
        buf.putInt(0, MAGIC).putInt(4, VERSION).putInt(8, slotCount).putInt(12, capacity).putInt(16, count)
                .putInt(20, sealed ? 1 : 0).putLong(24, indexedEnd).putLong(32, firstTimestamp)
                .putLong(40, lastTimestamp);
        buf.putInt(CRC_AT, headerCrc(buf));
        file.force(0, HEADER_SIZE);
        dirty = false;
    }

    void close() {
        file.close();
    }

    void delete() throws IOException {
        file.unmapAndDelete();
    }

    private int slotAt(int keyHash) {
        return HEADER_SIZE + (keyHash & 0x7FFFFFFF) % slotCount * 4;
    }

    private int entriesAt() {
        return HEADER_SIZE + slotCount * 4;
    }

    private int entryAt(int index) {
        return entriesAt() + index * ENTRY_SIZE;
    }

    private static int headerCrc(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.duplicate().position(0).limit(CRC_AT));
        return (int) crc.getValue();
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /** Receives the entries a lookup finds. */
    @FunctionalInterface
    interface EntryVisitor {
        /** Returns whether to go on. */
        boolean visit(long physicalOffset, long storeTimestamp);
    }
}

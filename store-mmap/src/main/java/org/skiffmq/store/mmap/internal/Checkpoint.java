package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where verified data ends: owns {@code <dir>/checkpoint}, replaced atomically (written to
 * {@code checkpoint.tmp}, forced, renamed over the old one, the directory synced so the rename
 * survives a power cut).
 *
 * <pre>
 * +------------+-----------+----------------------+-------------------------+-----------+--------+
 * | magic (4)  | version(4)| commit log flushed(8)| consume queues flushed(8)| time (8) | CRC (4)|
 * | 0x534B4350 |     1     | physical offset      | physical offset          | ms       | CRC32  |
 * +------------+-----------+----------------------+-------------------------+-----------+--------+
 * </pre>
 *
 * "Consume queues flushed" = every consume-queue entry of a record below that physical offset is
 * on disk. Threading: written by the flush thread and by start/shutdown, never concurrently.
 */
final class Checkpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    static final int MAGIC = 0x534B4350;
    static final int VERSION = 1;
    static final int SIZE = 36;

    private final FileOps ops;
    private final Path path;
    private final Path temp;
    private final ByteBuffer buffer = ByteBuffer.allocate(SIZE);
    private Data last;

    Checkpoint(FileOps ops, Path dir) {
        this.ops = ops;
        this.path = dir.resolve("checkpoint");
        this.temp = dir.resolve("checkpoint.tmp");
    }

    /** What a checkpoint says. */
    record Data(long commitLogFlushed, long consumeQueuesFlushed, long timestamp) {
        /** Where verification must start: below it everything is on disk. */
        long safeOffset() {
            return Math.min(commitLogFlushed, consumeQueuesFlushed);
        }
    }

    /** The last checkpoint, or null when there is none or it is damaged. */
    Data read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE || b.getInt(0) != MAGIC || b.getInt(4) != VERSION
                || b.getInt(SIZE - 4) != crc(bytes, SIZE - 4)) {
            LOG.warn("{} is damaged ({} bytes); recovery verifies the whole commit log", path, bytes.length);
            return null;
        }
        return new Data(b.getLong(8), b.getLong(16), b.getLong(24));
    }

    /** Replaces the checkpoint atomically; skips the write when nothing changed. */
    void write(long commitLogFlushed, long consumeQueuesFlushed, long timestamp) throws IOException {
        if (last != null && last.commitLogFlushed == commitLogFlushed
                && last.consumeQueuesFlushed == consumeQueuesFlushed) {
            return;
        }
        ByteBuffer b = buffer.clear();
        b.putInt(MAGIC).putInt(VERSION).putLong(commitLogFlushed).putLong(consumeQueuesFlushed).putLong(timestamp);
        b.putInt(crc(b.array(), SIZE - 4));
        ops.writeForced(temp, b.array());
        ops.replace(temp, path);
        ops.syncDirectory(path.getParent());
        last = new Data(commitLogFlushed, consumeQueuesFlushed, timestamp);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}

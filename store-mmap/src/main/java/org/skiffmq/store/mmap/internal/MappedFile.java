package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * One fixed-size store file mapped read-write in full: a commit-log file or a consume-queue file,
 * named by the offset of its first byte ({@link FileNames}).
 *
 * <pre>
 *   startOffset                                                 startOffset + size
 *   |<------------------------------ size ------------------------------>|
 *   +--------------------------------------------------------------------+
 *   | bytes written by the owner's single writer ...  | zeros ...        |
 *   +--------------------------------------------------------------------+
 * </pre>
 *
 * Threading: it keeps no positions; its owner does. {@link #writer()} is a buffer of its own for
 * the one thread that holds the owner's write lock; {@link #slice} and {@link #reader()} take
 * absolute reads and are safe from any thread; {@link #force} may run concurrently with writes.
 * {@link #close()} and {@link #unmapAndDelete()} unmap: call them only when no reader can still hold
 * a slice (shutdown, recovery). While the store runs, files go through {@link #deleteLeavingMapping()}
 * and the GC unmaps them when the last slice is gone. The file channel is closed right after
 * mapping; the mapping alone keeps the file's bytes.
 *
 * <p>Durability: creating or deleting the file also syncs its directory (through {@link FileOps}),
 * so its name survives a power cut like its forced bytes do.
 */
final class MappedFile implements AutoCloseable {
    static final int PAGE_SIZE = 4096;

    private final FileOps ops;
    private final Path path;
    private final long startOffset;
    private final int size;
    private final MappedByteBuffer mapped;
    private final ByteBuffer readView;
    private final ByteBuffer writeView;
    private final boolean extended;

    private MappedFile(FileOps ops, Path path, long startOffset, int size, MappedByteBuffer mapped,
            boolean extended) {
        this.ops = ops;
        this.path = path;
        this.startOffset = startOffset;
        this.size = size;
        this.mapped = mapped;
        this.readView = mapped.asReadOnlyBuffer();
        this.writeView = mapped.duplicate();
        this.extended = extended;
    }

    /**
     * Maps {@code <dir>/<20-digit startOffset>}, creating it or growing a short file with zeros. A
     * file it creates has its directory synced before this returns.
     *
     * @throws IOException when the file is larger than {@code size} (a different configuration wrote it)
     */
    static MappedFile map(FileOps ops, Path dir, long startOffset, int size) throws IOException {
        Path path = dir.resolve(FileNames.of(startOffset));
        boolean created = !Files.exists(path);
        MappedFile file;
        try (FileChannel ch = ops.open(path)) {
            long length = ch.size();
            if (length > size) {
                throw new IOException(path + " is " + length + " bytes but the configured file size is " + size
                        + "; start with the size that wrote this directory");
            }
            boolean extended = length != 0 && length < size;
            if (length < size) {
                ch.write(ByteBuffer.allocate(1), size - 1L);
            }
            file = new MappedFile(ops, path, startOffset, size, ch.map(FileChannel.MapMode.READ_WRITE, 0, size),
                    extended);
        }
        if (created) {
            ops.syncDirectory(dir);
        }
        return file;
    }

    Path path() {
        return path;
    }

    long startOffset() {
        return startOffset;
    }

    long endOffset() {
        return startOffset + size;
    }

    int size() {
        return size;
    }

    /** Whether the file was found shorter than its size (truncated) and grown with zeros. */
    boolean wasExtended() {
        return extended;
    }

    /** The writer's own buffer over the whole file; only the owner's writer moves its position. */
    ByteBuffer writer() {
        return writeView;
    }

    /** A read-only view of the whole file, for absolute reads only. */
    ByteBuffer reader() {
        return readView;
    }

    /** A read-only buffer over {@code length} bytes at {@code position}; no copy. */
    ByteBuffer slice(int position, int length) {
        return readView.slice(position, length);
    }

    /**
     * Reads one byte per OS page so the pages are in memory before the writer gets there; stops
     * early when asked. Reading, not writing: a write would dirty every page of a 1 GiB file and
     * the kernel would then write a gigabyte of zeros back to disk, competing with real appends.
     */
    void touchPages(int from, int to, BooleanSupplier stop) {
        int sink = 0;
        int end = Math.min(to, size);
        for (int i = from - from % PAGE_SIZE, n = 0; i < end; i += PAGE_SIZE, n++) {
            sink += mapped.get(i);
            if ((n & 255) == 0 && stop.getAsBoolean()) {
                break;
            }
        }
        touchSink = sink;
    }

    /** Keeps the JIT from dropping the reads in {@link #touchPages}. */
    @SuppressWarnings("unused")
    private static volatile int touchSink;

    /** Zeroes bytes {@code [from, to)}, writing only where something is not zero already. */
    void zero(int from, int to) {
        int i = from;
        while (i < to && (i & 7) != 0) {
            zeroByte(i++);
        }
        for (; i + 8 <= to; i += 8) {
            if (mapped.getLong(i) != 0) {
                mapped.putLong(i, 0);
            }
        }
        while (i < to) {
            zeroByte(i++);
        }
    }

    private void zeroByte(int i) {
        if (mapped.get(i) != 0) {
            mapped.put(i, (byte) 0);
        }
    }

    /** Writes bytes {@code [from, to)} to the device (msync). */
    void force(int from, int to) {
        if (to > from) {
            ops.force(path, mapped, from, to - from);
        }
    }

    /** Unmaps. */
    @Override
    public void close() {
        Unmapper.unmap(mapped);
    }

    /** Unmaps and deletes the file, durably: only when no reader can hold a slice (recovery). */
    void unmapAndDelete() throws IOException {
        close();
        delete();
    }

    /**
     * Removes the file's name from the directory but keeps the mapping: slices already handed out
     * stay readable, and the GC unmaps it (returning the disk space) once none is reachable.
     */
    void deleteLeavingMapping() throws IOException {
        delete();
    }

    private void delete() throws IOException {
        ops.delete(path);
        ops.syncDirectory(path.getParent());
    }

    /** Registers {@code action} to run once the mapping is unreachable (it must not refer to this file). */
    void whenUnmapped(java.lang.ref.Cleaner cleaner, Runnable action) {
        cleaner.register(mapped, action);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file-system calls whose durability the store relies on: creating, forcing, deleting and
 * renaming its files, and syncing a directory so that a file's name survives a power cut as well
 * as its bytes. Writes into a mapped file go straight to memory and are not calls here; what
 * reaches the disk is what {@link #force} was asked for.
 *
 * <p>{@link #DISK} does the real I/O; tests record the calls to work out what a power cut at any
 * moment would leave. Implementations are thread-safe: the flush, allocator and cleaning threads
 * call them concurrently.
 */
interface FileOps {
    FileOps DISK = new DiskFileOps();

    /** Opens {@code file} for reading and writing, creating it when absent (its name is not yet durable). */
    FileChannel open(Path file) throws IOException;

    /** Writes {@code [from, from + length)} of the mapping of {@code file} to the device (msync). */
    void force(Path file, MappedByteBuffer mapping, int from, int length);

    /** Replaces the whole content of {@code file} (created when absent) with {@code content}, forced. */
    void writeForced(Path file, byte[] content) throws IOException;

    /** Renames {@code source} over {@code target} atomically where the file system can. */
    void replace(Path source, Path target) throws IOException;

    /** Removes {@code file}'s name when present (its removal is not yet durable). */
    void delete(Path file) throws IOException;

    /** Creates one directory whose parent exists (its name is not yet durable). */
    void createDirectory(Path dir) throws IOException;

    /** Makes the names created, renamed or removed in {@code dir} durable (fsync of the directory). */
    void syncDirectory(Path dir) throws IOException;

    /** Creates {@code dir} and missing parents, syncing each new one's parent so the chain survives a power cut. */
    default void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return; // another thread made it (and syncs the parent)
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }
}

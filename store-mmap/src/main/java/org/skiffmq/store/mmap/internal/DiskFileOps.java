package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FileOps} on the real file system. A directory is synced by opening it read-only and
 * forcing the channel, which is fsync(2) on the directory on Linux, the platform the store runs
 * on. Windows cannot open a directory as a channel; NTFS journals its metadata, so there the sync
 * is skipped (logged once) rather than failing every file creation.
 */
final class DiskFileOps implements FileOps {
    private static final Logger LOG = LoggerFactory.getLogger(DiskFileOps.class);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private volatile boolean directorySyncSkipLogged;

    @Override
    public FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public void force(Path file, MappedByteBuffer mapping, int from, int length) {
        mapping.force(from, length);
    }

    @Override
    public void writeForced(Path file, byte[] content) throws IOException {
        write(file, content, true);
    }

    /** Makes {@code content} the whole of {@code file}, forced to the device when asked. */
    static void write(Path file, byte[] content, boolean force) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (force) {
                ch.force(true);
            }
        }
    }

    @Override
    public void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            if (!directorySyncSkipLogged) {
                directorySyncSkipLogged = true;
                LOG.info("directories are not synced on Windows (a directory cannot be opened as a channel)");
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}

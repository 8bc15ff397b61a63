package org.skiffmq.kernel.io;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Replaces a small file whole: the new content goes to {@code <name>.tmp}, is fsynced, then
 * renamed over the old file, and the directory is fsynced so the rename survives power loss too.
 * A crash at any point leaves the old content or the new, never a mix,
 * so the broker's tables (topics, offsets, delay progress) are always readable at restart.
 *
 * <p>Writers of one file take turns (they share its {@code .tmp}), and a write is not cut short
 * by an interrupt: the stream I/O used here is not interruptible, unlike a {@code FileChannel},
 * which closes when its thread is interrupted — and a shutdown's last write often runs on one.
 */
public final class AtomicFile {
    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private AtomicFile() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        synchronized (LOCKS.computeIfAbsent(target, p -> new Object())) {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(content);
                out.getFD().sync();
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        }
    }

    /** Makes the rename itself durable (power loss), where the platform lets a directory be fsynced. */
    private static void syncDirectory(Path dir) {
        // A FileChannel would refuse to open on an interrupted thread; clear the flag for the call.
        boolean interrupted = Thread.interrupted();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the file itself is already fsynced.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

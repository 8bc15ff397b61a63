package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The real file system without fsyncs: forces and directory syncs do nothing. For tests whose
 * outcome does not depend on what reaches the device (the power-cut simulation decides that from
 * its own record), so that hundreds of store starts do not wait on the disk.
 */
final class UnsyncedFileOps implements FileOps {
    @Override
    public FileChannel open(Path file) throws IOException {
        return DISK.open(file);
    }

    @Override
    public void force(Path file, MappedByteBuffer mapping, int from, int length) {
    }

    @Override
    public void writeForced(Path file, byte[] content) throws IOException {
        DiskFileOps.write(file, content, false);
    }

    @Override
    public void replace(Path source, Path target) throws IOException {
        DISK.replace(source, target);
    }

    @Override
    public void delete(Path file) throws IOException {
        DISK.delete(file);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        DISK.createDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) {
    }
}

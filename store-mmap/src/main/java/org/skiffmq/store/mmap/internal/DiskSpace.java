package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How full the partition holding the store is. Injected so tests can say "the disk is over the
 * ratio" without filling one; the default asks the {@link FileStore} of the store directory.
 */
public interface DiskSpace {

    /** Size of the partition in bytes. */
    long totalBytes() throws IOException;

    /** Bytes still free for this process. */
    long usableBytes() throws IOException;

    /** The partition holding {@code dir}, asked on every call (it may be remounted or resized). */
    static DiskSpace of(Path dir) {
        return new DiskSpace() {
            @Override
            public long totalBytes() throws IOException {
                return Files.getFileStore(dir).getTotalSpace();
            }

            @Override
            public long usableBytes() throws IOException {
                return Files.getFileStore(dir).getUsableSpace();
            }
        };
    }
}

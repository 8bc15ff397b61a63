package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes store files that readers may still be reading. A pull hands out slices of the mapped
 * files, so a deleted file is never unmapped here: its name is removed from the directory, the
 * store drops its references, and the garbage collector unmaps it once no slice is reachable (the
 * mapping stays valid until then, so a late reader still reads the old bytes and nothing crashes).
 *
 * <p>The disk gets the space back only at that unmapping. {@link #pendingBytes()} counts what is
 * deleted but still mapped, so that deletion for disk space does not remove file after file while
 * the space is merely waiting for a GC. Thread {@code skiff-store-release} (a {@link Cleaner})
 * lowers the count. Thread-safe.
 */
final class RetiredFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RetiredFiles.class);

    private final Cleaner cleaner = Cleaner.create(StoreThreads.named("release"));
    private final AtomicLong pendingBytes = new AtomicLong();

    /** Removes the file from the directory, leaving its mapping to the GC. Returns false if it could not. */
    boolean delete(MappedFile file) {
        try {
            file.deleteLeavingMapping();
        } catch (IOException e) {
            LOG.warn("could not delete {}; retention tries again next pass", file, e);
            return false;
        }
        long size = file.size();
        pendingBytes.addAndGet(size);
        file.whenUnmapped(cleaner, () -> pendingBytes.addAndGet(-size));
        return true;
    }

    /** Bytes of deleted files whose mapping the GC has not released yet. */
    long pendingBytes() {
        return pendingBytes.get();
    }
}

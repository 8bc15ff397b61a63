package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the next commit-log file before the writer needs it, on thread
 * {@code skiff-store-allocate}: maps {@code commitlog/<20-digit offset>} (syncing the directory, so
 * the new name is durable before a record goes in) and touches the pages of
 * its first {@link #WARM_WINDOW} bytes, then keeps touching a window ahead of the writer as it
 * moves ({@link #warm}), so appends do not wait on page faults while only a window, not a whole
 * 1 GiB file, is held in memory ahead of need.
 *
 * <p>Threading: {@link #take} and {@link #request} are called by one thread at a time (the
 * commit log's writer under its append lock, or start-up). {@code take} never waits for the page
 * touching: if the prepared file is still being touched it asks the allocator to stop and uses the
 * file as it is; if nothing was prepared for that offset it maps the file itself.
 */
final class FileAllocator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileAllocator.class);

    /** How far ahead of the writer pages are touched. */
    static final int WARM_WINDOW = 16 * 1024 * 1024;

    private final FileOps ops;
    private final Path dir;
    private final int fileSize;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(StoreThreads.named("allocate"));
    private volatile boolean hurry;
    private volatile boolean closed;
    private long nextOffset = -1;
    private Future<MappedFile> next;

    FileAllocator(FileOps ops, Path dir, int fileSize) {
        this.ops = ops;
        this.dir = dir;
        this.fileSize = fileSize;
    }

    /** Starts preparing the file that begins at {@code offset}. */
    void request(long offset) {
        if (closed) {
            return;
        }
        hurry = false;
        nextOffset = offset;
        next = executor.submit(() -> {
            MappedFile f = MappedFile.map(ops, dir, offset, fileSize);
            f.touchPages(0, WARM_WINDOW, () -> hurry || closed);
            return f;
        });
    }

    /** Touches {@code [from, to)} of a file in use, on the allocator thread; never waits. */
    void warm(MappedFile file, int from, int to) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> file.touchPages(from, to, () -> closed));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: nothing left to warm.
        }
    }

    /** The file that begins at {@code offset}, prepared or mapped now; then prepares the one after it. */
    MappedFile take(long offset) throws IOException {
        MappedFile file = null;
        if (next != null && nextOffset == offset) {
            hurry = true;
            try {
                file = next.get();
            } catch (ExecutionException e) {
                LOG.warn("pre-allocating commit-log file {} failed; creating it now", FileNames.of(offset), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for commit-log file " + FileNames.of(offset), e);
            }
        } else if (next != null) {
            discard();
        }
        next = null;
        if (file == null) {
            file = MappedFile.map(ops, dir, offset, fileSize);
        }
        request(offset + fileSize);
        return file;
    }

    private void discard() {
        hurry = true;
        try {
            next.get().close();
        } catch (ExecutionException e) {
            LOG.debug("discarded pre-allocation had failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread; a prepared file stays on disk (recovery ignores an all-zero file) and is unmapped. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (next != null) {
                next.get().close();
            }
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            LOG.debug("pending pre-allocation had failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        next = null;
    }
}

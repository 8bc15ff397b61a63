package org.skiffmq.store.mmap.internal;

/**
 * Called by the flushing thread right before the commit log is forced to disk; lets tests count
 * fsyncs or hold one back. Must not call into the store.
 */
@FunctionalInterface
public interface FsyncHook {
    FsyncHook NONE = upToOffset -> { };

    /** The commit log is about to be forced up to (exclusive) {@code upToOffset}. */
    void beforeFsync(long upToOffset);
}

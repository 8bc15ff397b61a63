package org.skiffmq.store.mmap.internal;

import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/**
 * A put waiting for a sync flush: the future the producer's put returned, the physical offset an
 * fsync must reach to complete it, and when it started waiting. One object per waiting put.
 */
final class FlushWaiter extends CompletableFuture<PutResult> {
    private final PutResult result;
    private final long endOffset;
    private final long startNanos;

    FlushWaiter(PutResult result, long endOffset, long startNanos) {
        this.result = result;
        this.endOffset = endOffset;
        this.startNanos = startNanos;
    }

    long endOffset() {
        return endOffset;
    }

    long startNanos() {
        return startNanos;
    }

    /** Completes with PUT_OK; false when it had already completed (e.g. timed out). */
    boolean flushed() {
        return complete(result);
    }

    /**
     * Completes as not stored: the record was written but the fsync meant to cover it failed, so
     * it may be lost. SERVICE_NOT_AVAILABLE, so a producer retries rather than counting it kept.
     */
    boolean flushFailed(String reason) {
        return complete(result.withStatus(PutStatus.SERVICE_NOT_AVAILABLE, "the message was written but the disk"
                + " flush (fsync) failed, so it may be lost: " + reason));
    }

    boolean timedOut(long timeoutMillis) {
        return complete(result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT,
                "stored, but the disk flush took longer than syncFlushTimeoutMillis=" + timeoutMillis));
    }
}

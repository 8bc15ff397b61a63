package org.skiffmq.store.mmap.internal;

import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the commit log can still be written safely. Once a flush fails (an I/O error from the
 * disk) or the file being written disappears from under the store, every later put is refused
 * with the reason, so nothing more is acknowledged that could not be kept; what was written stays
 * readable. It takes a restart, after the cause is fixed, to write again: recovery then checks
 * every record. Thread-safe; puts read one volatile field.
 */
final class WriteHealth {
    private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);

    private volatile String failure;

    /** Why writes are stopped, or null when they are fine. */
    String failure() {
        return failure;
    }

    /** Stops writes for good (until restart), logging the reason once. */
    synchronized void fail(String reason, Throwable cause) {
        if (failure != null) {
            return;
        }
        failure = reason + "; writes are stopped so nothing more is acknowledged that could be lost."
                + " Fix the disk and restart the broker";
        LOG.error("Commit log write failure: {}", failure, cause);
    }

    /** Stops writes when the commit-log file being written is no longer in its directory. */
    void checkFileStillThere(MappedFile current) {
        if (current != null && failure == null && !Files.exists(current.path())) {
            fail("the commit-log file " + current.path() + " was removed while the store was writing it", null);
        }
    }
}

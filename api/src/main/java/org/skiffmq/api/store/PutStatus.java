package org.skiffmq.api.store;

/** How a put ended. */
public enum PutStatus {
    /** Stored (and flushed, under sync flush). */
    PUT_OK,
    /** Stored, but the sync flush did not finish within the timeout. */
    FLUSH_DISK_TIMEOUT,
    /** The message cannot be stored as it is (too large, bad field); nothing was written. */
    MESSAGE_ILLEGAL,
    /** The store is not accepting writes (not started, shutting down, disk full or failed). */
    SERVICE_NOT_AVAILABLE,
    /** Something unexpected failed; nothing acknowledged was lost. */
    UNKNOWN_ERROR
}

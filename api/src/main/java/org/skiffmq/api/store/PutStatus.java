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
    /**
     * A replicated store could not get the message to a majority of its group in time; it may
     * still be stored later (RocketMQ's IN_SYNC_REPLICAS_NOT_ENOUGH), so a retry can store a copy.
     */
    IN_SYNC_REPLICAS_NOT_ENOUGH,
    /** Something unexpected failed; nothing acknowledged was lost. */
    UNKNOWN_ERROR
}

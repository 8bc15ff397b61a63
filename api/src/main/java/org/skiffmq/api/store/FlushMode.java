package org.skiffmq.api.store;

/** When an appended message counts as stored. */
public enum FlushMode {
    /** Acknowledged once in the page cache; a background flush writes it to disk (RocketMQ's default). */
    ASYNC,
    /** Acknowledged once fsync'ed; concurrent appends share one fsync (group commit). */
    SYNC
}

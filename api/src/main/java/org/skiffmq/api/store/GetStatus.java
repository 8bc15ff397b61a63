package org.skiffmq.api.store;

/** How a consume-queue lookup ended (RocketMQ's GetMessageStatus names). */
public enum GetStatus {
    FOUND,
    /** Entries were there but none matched the filter. */
    NO_MATCHED_MESSAGE,
    /** The commit-log data of the entry has been deleted. */
    MESSAGE_WAS_REMOVING,
    /** The entry's slot holds no data yet (a file boundary). */
    OFFSET_FOUND_NULL,
    /** The offset is beyond the queue's end. */
    OFFSET_OVERFLOW_BADLY,
    /** The offset is exactly the queue's end: nothing new yet. */
    OFFSET_OVERFLOW_ONE,
    /** The offset is below the queue's first available entry. */
    OFFSET_TOO_SMALL,
    /** No such topic or queue. */
    NO_MATCHED_LOGIC_QUEUE,
    /** The queue exists but holds nothing. */
    NO_MESSAGE_IN_QUEUE
}

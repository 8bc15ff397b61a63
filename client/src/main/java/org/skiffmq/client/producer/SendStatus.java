package org.skiffmq.client.producer;

/**
 * How a broker acknowledged a stored message (RocketMQ's SendStatus). Anything but
 * {@link #SEND_OK} means the message is stored but a durability step did not finish in time.
 */
public enum SendStatus {
    /** Stored, and flushed or replicated as the broker is configured to. */
    SEND_OK,
    /** Stored, but the synchronous flush to disk did not finish in time (code 10). */
    FLUSH_DISK_TIMEOUT,
    /** Stored, but the synchronous copy to the slave did not finish in time (code 12). */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored, but no slave is there to copy it to (code 11). */
    SLAVE_NOT_AVAILABLE
}

package org.skiffmq.api.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Messages read from one queue, as their stored records (the bytes a PULL body carries).
 *
 * @param status          how the lookup ended
 * @param messages        one read-only buffer per record, positioned at its start; empty unless FOUND
 * @param nextBeginOffset where the next read of this queue should start
 * @param minOffset       the queue's first available offset
 * @param maxOffset       the queue's next offset to be written
 */
public record GetResult(GetStatus status, List<ByteBuffer> messages, long nextBeginOffset, long minOffset,
        long maxOffset) {

    /** Total bytes of the records. */
    public int totalSize() {
        int size = 0;
        for (ByteBuffer b : messages) {
            size += b.remaining();
        }
        return size;
    }
}

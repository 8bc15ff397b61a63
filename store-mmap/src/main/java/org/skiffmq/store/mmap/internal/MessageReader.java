package org.skiffmq.store.mmap.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;

/**
 * Reads: consume-queue entries, then the commit-log records they point at, handed out as
 * read-only slices of the mapped files (no copy). Stateless and thread-safe; it sees only what the
 * writer published. A slice is valid until the store shuts down.
 */
final class MessageReader {
    /** Most consume-queue entries one read looks at when the filter skips messages. */
    static final int MAX_ENTRIES_SCANNED = 16_000;

    private static final List<ByteBuffer> NONE = List.of();

    private final CommitLog log;
    private final ConsumeQueueTable queues;

    MessageReader(CommitLog log, ConsumeQueueTable queues) {
        this.log = log;
        this.queues = queues;
    }

    GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return new GetResult(GetStatus.NO_MATCHED_LOGIC_QUEUE, NONE, 0, 0, 0);
        }
        long max = cq.maxOffset();
        long min = cq.minOffset();
        if (max == 0) {
            return new GetResult(GetStatus.NO_MESSAGE_IN_QUEUE, NONE, 0, min, max);
        }
        if (offset < min) {
            return new GetResult(GetStatus.OFFSET_TOO_SMALL, NONE, min, min, max);
        }
        if (offset == max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_ONE, NONE, offset, min, max);
        }
        if (offset > max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_BADLY, NONE, max, min, max);
        }
        MessageFilter f = filter == null ? MessageFilter.ALL : filter;
        List<ByteBuffer> found = new ArrayList<>(Math.min(Math.max(maxCount, 1), 64));
        long end = Math.min(max, offset + MAX_ENTRIES_SCANNED);
        int bytes = 0;
        boolean removed = false;
        long q = offset;
        for (; q < end && found.size() < maxCount; q++) {
            if (!f.matches(cq.tagsCode(q))) {
                continue;
            }
            int size = cq.size(q);
            if (!found.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            ByteBuffer record = log.slice(cq.physicalOffset(q), size);
            if (record == null) {
                removed = true;
                continue;
            }
            found.add(record);
            bytes += size;
        }
        if (!found.isEmpty()) {
            return new GetResult(GetStatus.FOUND, found, q, min, max);
        }
        return new GetResult(removed ? GetStatus.MESSAGE_WAS_REMOVING : GetStatus.NO_MATCHED_MESSAGE, NONE, q, min,
                max);
    }

    StoredMessage readMessage(long physicalOffset) {
        ByteBuffer tail = log.tail(physicalOffset);
        if (tail == null || tail.remaining() < 8) {
            return null;
        }
        int magic = tail.getInt(4);
        if (magic != StoredMessageCodec.MAGIC_V1 && magic != StoredMessageCodec.MAGIC_V2) {
            return null;
        }
        try {
            StoredMessage m = StoredMessageCodec.decode(tail, false);
            return m.getPhysicalOffset() == physicalOffset ? m : null;
        } catch (MessageDecodeException e) {
            return null;
        }
    }
}

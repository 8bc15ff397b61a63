package org.skiffmq.store.mmap.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;

/**
 * Reads: consume-queue entries, then the commit-log records they point at, handed out as
 * read-only slices of the mapped files (no copy). Stateless and thread-safe; it sees only what the
 * writer published. A slice is valid until the store shuts down, even if retention deletes its
 * file meanwhile (the GC unmaps a deleted file only when no slice of it is reachable).
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

    /**
     * Up to {@code maxCount} (at least one) records from {@code offset}, stopping before the one
     * that would take the total over {@code maxBytes} unless it is the first. Entries the filter
     * rejects are skipped and counted into {@code nextBeginOffset}; so are entries whose record
     * retention deleted, by a jump to the first entry that still has data.
     */
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
            return tooSmall(cq, max);
        }
        if (offset == max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_ONE, NONE, offset, min, max);
        }
        if (offset > max) {
            return new GetResult(GetStatus.OFFSET_OVERFLOW_BADLY, NONE, max, min, max);
        }
        MessageFilter f = filter == null ? MessageFilter.ALL : filter;
        int count = Math.max(maxCount, 1);
        List<ByteBuffer> found = new ArrayList<>(Math.min(count, 64));
        ConsumeQueue.Cursor entry = cq.cursor();
        long end = Math.min(max, offset + MAX_ENTRIES_SCANNED);
        int bytes = 0;
        boolean removed = false;
        long q = offset;
        for (; q < end && found.size() < count; q++) {
            if (!entry.seek(q)) { // retention deleted the entry's file since min was read
                if (found.isEmpty()) {
                    return tooSmall(cq, max);
                }
                break;
            }
            if (!f.matches(entry.tagsCode())) {
                continue;
            }
            int size = entry.size();
            if (!found.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            ByteBuffer record = log.slice(entry.physicalOffset(), size);
            if (record == null) { // retention deleted the record: go on from the first entry with data
                removed = true;
                q = Math.max(q + 1, cq.firstOffsetWithData(log.minOffset())) - 1;
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

    private static GetResult tooSmall(ConsumeQueue cq, long max) {
        long min = cq.minOffset();
        return new GetResult(GetStatus.OFFSET_TOO_SMALL, NONE, min, min, max);
    }

    /**
     * Binary search of the queue by the records' store time (read in place from the commit log),
     * over the entries whose record still exists. LOWER: first offset stored at or after
     * {@code timestamp}, max when all are older; UPPER: last offset stored at or before it, the
     * first existing offset when all are newer. 0 for an unknown queue.
     */
    long queueOffsetByTime(String topic, int queueId, long timestamp, BoundaryType boundary) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return 0;
        }
        long first = cq.firstOffsetWithData(log.minOffset());
        long max = cq.maxOffset();
        ConsumeQueue.Cursor entry = cq.cursor();
        if (boundary == BoundaryType.UPPER) {
            long firstNewer = firstStoredAfter(entry, first, max, timestamp, false);
            return firstNewer == first ? first : firstNewer - 1;
        }
        return firstStoredAfter(entry, first, max, timestamp, true);
    }

    /** First offset in [lo, hi) whose store time is &gt;= (inclusive) or &gt; timestamp; hi when none. */
    private long firstStoredAfter(ConsumeQueue.Cursor entry, long lo, long hi, long timestamp,
            boolean inclusive) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long stored = entry.seek(mid) ? log.storeTimestampAt(entry.physicalOffset()) : -1; // -1: deleted, oldest
            boolean after = inclusive ? stored >= timestamp : stored > timestamp;
            if (stored >= 0 && after) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
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

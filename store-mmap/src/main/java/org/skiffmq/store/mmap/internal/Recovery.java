package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the commit log and the consume queues back to a state where every visible record is
 * whole and indexed. Runs once at start, before any other thread touches the files.
 *
 * <ol>
 *   <li>Verify each record from the start of the commit-log file holding the checkpoint's safe
 *       offset (or from the first file without a checkpoint): magic, TOTALSIZE against the
 *       fields, BODYCRC, the record CRC (required when {@link RecordFormat} says every record has
 *       one), and PHYSICALOFFSET equal to where the record sits. A blank marker leads
 *       to the next file. The first record that fails is the end of the log.</li>
 *   <li>Re-write the consume-queue entry of every verified record (this also rebuilds entries
 *       that lag behind the log).</li>
 *   <li>Cut the log at the end: zero the rest of that file, delete later files.</li>
 *   <li>Force every verified commit-log file, from the first one verified to the end: after a
 *       crash of the process (not of the machine) the page cache may hold records no fsync ever
 *       covered, and the checkpoint written next will claim them as flushed. The consume-queue
 *       entries recovery rewrote are forced before that checkpoint too (by the store's flush).</li>
 *   <li>Drop consume-queue entries above the last one rewrote in step 2: they point past the end
 *       or were torn by a power cut. A queue with no record in the verified range keeps only
 *       well-formed entries below it.</li>
 *   <li>If some record's queue had fewer entries than its queue offset needs (a deleted or
 *       lagging consume queue), index the whole commit log again from its first file. A queue
 *       left with no entry starts at the first record found for it, since retention may have
 *       deleted the commit-log files (the first file need not start at offset 0).</li>
 *   <li>Move every queue's min offset to its first entry whose record still exists (retention may
 *       have deleted commit-log files without getting to their consume-queue files). When the
 *       scan began at the log's first file, that is the first entry it indexed, whatever the
 *       entries below hold.</li>
 * </ol>
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final boolean requireRecordCrc;
    /** Per queue, the queue offset after the last entry the verifying scan rewrote. */
    private final Map<ConsumeQueue, Long> indexedEnd = new IdentityHashMap<>();
    /** Per queue, the first queue offset either scan indexed. */
    private final Map<ConsumeQueue, Long> indexedStart = new IdentityHashMap<>();
    private boolean gap;
    private boolean rebuilding;
    private long records;

    Recovery(CommitLog log, ConsumeQueueTable queues, boolean requireRecordCrc) {
        this.log = log;
        this.queues = queues;
        this.requireRecordCrc = requireRecordCrc;
    }

    /** Returns the end of the valid log (where appends continue). */
    long run(Checkpoint.Data checkpoint) throws IOException {
        MappedFile[] files = log.files();
        if (files.length == 0) {
            queues.forEach(cq -> truncate(cq, 0));
            return 0;
        }
        int first = startFile(files, checkpoint);
        for (int i = 0; i < files.length; i++) {
            if (files[i].wasExtended()) {
                LOG.warn("commit-log file {} was shorter than {} bytes (truncated); verifying from it", files[i],
                        log.fileSize());
                first = Math.min(first, i);
                break;
            }
        }
        long end = scan(files, first, true);
        LOG.info("verified {} records from {}; commit log ends at {}", records, files[first], end);
        log.truncate(end);
        forceVerified(files[first].startOffset(), end);
        long verifiedFrom = files[first].startOffset();
        for (ConsumeQueue cq : queues.all()) {
            Long indexed = indexedEnd.get(cq);
            cq.dropUnverifiedEntries(indexed == null ? -1 : indexed, verifiedFrom);
        }
        if (gap) {
            LOG.warn("a consume queue lagged behind the verified range; rebuilding all consume queues");
            gap = false;
            rebuilding = true;
            records = 0;
            scan(log.files(), 0, false);
            if (gap) {
                LOG.warn("some consume queue still has a gap after the rebuild (commit-log files were removed?)");
            }
        }
        if (first == 0) {
            // Every record left in the log was indexed: a queue's entries below its first indexed one
            // point into files retention deleted, and may be torn if they were never flushed.
            queues.forEach(cq -> cq.raiseMinOffset(indexedStart.getOrDefault(cq, cq.maxOffset())));
        }
        long logMin = log.minOffset();
        queues.forEach(cq -> cq.correctMinOffset(logMin));
        return end;
    }

    /** Forces the commit log's bytes in {@code [from, end)}, file by file. */
    private void forceVerified(long from, long end) {
        for (MappedFile f : log.files()) {
            if (f.endOffset() > from && f.startOffset() < end) {
                f.force(0, (int) (Math.min(end, f.endOffset()) - f.startOffset()));
            }
        }
    }

    private static int startFile(MappedFile[] files, Checkpoint.Data checkpoint) {
        if (checkpoint == null) {
            return 0;
        }
        long safe = checkpoint.safeOffset();
        for (int i = files.length - 1; i >= 0; i--) {
            if (files[i].startOffset() <= safe) {
                return i;
            }
        }
        return 0;
    }

    /** Walks records from the start of {@code files[first]}, indexing each; returns the end offset. */
    private long scan(MappedFile[] files, int first, boolean verify) throws IOException {
        for (int i = first; i < files.length; i++) {
            MappedFile f = files[i];
            ByteBuffer b = f.reader().duplicate();
            int position = 0;
            while (true) {
                if (position + StoredMessageCodec.BLANK_SIZE > f.size()) {
                    return f.startOffset() + position;
                }
                int totalSize = b.getInt(position);
                int magic = b.getInt(position + 4);
                if (magic == StoredMessageCodec.BLANK_MAGIC && totalSize == f.size() - position) {
                    break;
                }
                if (magic != StoredMessageCodec.MAGIC_V1 && magic != StoredMessageCodec.MAGIC_V2) {
                    return f.startOffset() + position;
                }
                if (verify && requireRecordCrc && totalSize > 0 && totalSize <= f.size() - position
                        && !StoredMessageCodec.hasRecordCrc(b, position, totalSize)) {
                    LOG.warn("commit log ends at {}: record in {} at {} has no record CRC (torn by a crash)",
                            f.startOffset() + position, f, position);
                    return f.startOffset() + position;
                }
                StoredMessage m;
                try {
                    b.limit(f.size()).position(position);
                    m = StoredMessageCodec.decode(b, verify);
                } catch (MessageDecodeException e) {
                    LOG.warn("commit log ends at {}: record in {} at {} is damaged: {}", f.startOffset() + position,
                            f, position, e.getMessage());
                    return f.startOffset() + position;
                }
                if (m.getPhysicalOffset() != f.startOffset() + position) {
                    LOG.warn("commit log ends at {}: record says it is at {}", f.startOffset() + position,
                            m.getPhysicalOffset());
                    return f.startOffset() + position;
                }
                index(m);
                position += totalSize;
            }
            if (i == files.length - 1) {
                return f.endOffset();
            }
        }
        return files[files.length - 1].endOffset();
    }

    private void index(StoredMessage m) throws IOException {
        records++;
        ConsumeQueue cq;
        try {
            cq = queues.getOrCreate(m.getTopic(), m.getQueueId());
        } catch (IllegalArgumentException e) {
            LOG.warn("record at {} is not indexed: {}", m.getPhysicalOffset(), e.getMessage());
            return;
        }
        long tagsCode = MessageProperties.tagsCode(m.getTags());
        boolean put = rebuilding
                ? cq.putAtOrRebase(m.getQueueOffset(), m.getPhysicalOffset(), m.getStoreSize(), tagsCode)
                : cq.putAt(m.getQueueOffset(), m.getPhysicalOffset(), m.getStoreSize(), tagsCode);
        if (!put) {
            gap = true;
            return;
        }
        indexedStart.merge(cq, m.getQueueOffset(), Math::min);
        if (!rebuilding) {
            indexedEnd.merge(cq, m.getQueueOffset() + 1, Math::max);
        }
    }

    private static void truncate(ConsumeQueue cq, long maxOffset) {
        try {
            cq.truncate(maxOffset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

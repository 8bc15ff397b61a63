package org.skiffmq.store.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.MessageStore;

/**
 * The mmap store as a store built on it sees it: a {@link MessageStore} that can also be told to
 * put everything it holds on disk now, and that says which messages it would refuse before they
 * are offered (so a replicated store refuses them before they are replicated).
 */
public interface LocalMessageStore extends MessageStore {

    /**
     * Forces the commit log and every consume queue to disk and records the checkpoint; when it
     * returns, every put that completed before the call survives a power cut.
     *
     * @throws IOException when the disk refused; the store then refuses puts, as after any write failure
     */
    void flushAll() throws IOException;

    /**
     * Why this store would refuse these messages (one put, or one batch) as illegal, or null when
     * it would take them: what {@link #put} and {@link #putBatch} answer MESSAGE_ILLEGAL for, in
     * their words.
     */
    String problemWith(List<? extends BrokerMessage> messages);

    /**
     * Why this store would refuse any put now (not running, a write failure, a full disk), or null
     * when puts are possible.
     */
    String refusalReason();

    /** Where the commit log starts: retention deletes its oldest files, so this grows. */
    long minPhysicalOffset();

    /**
     * A read-only view of the commit log's bytes from {@code physicalOffset} (a record's start or
     * an end-of-file blank) to the end of its file or of what is written, whichever is first; null
     * when nothing is there (below {@link #minPhysicalOffset()}, or at or past the end). For a
     * member that copies records from another one's commit log.
     */
    ByteBuffer readCommitLog(long physicalOffset);

    /**
     * Ends the current commit-log file with its end-of-file blank, so the next record starts the
     * next file, as the copied log did there. Does nothing when the current file is empty.
     *
     * @throws IOException when the next file cannot be made
     */
    void endCommitLogFile() throws IOException;
}

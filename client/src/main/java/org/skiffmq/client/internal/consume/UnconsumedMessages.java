package org.skiffmq.client.internal.consume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.skiffmq.api.message.StoredMessage;

/**
 * The messages of one queue that were pulled but not yet consumed, by queue offset, and the
 * offset a commit may name: the lowest offset not yet consumed. Messages finish in any order on
 * a consume pool; committing the lowest unfinished one means a message's offset is committed only
 * after it and everything before it were consumed, so a restart may repeat messages but never
 * skips one. With nothing waiting, the commit offset is where the next pull starts, so messages
 * the broker skipped (other tags) are committed past too.
 *
 * <p>For orderly consumption it also hands the waiting messages out in offset order
 * ({@link #takeInOrder}) and takes back a batch the listener did not consume ({@link #giveBack}).
 * Thread-safe.
 */
public final class UnconsumedMessages {
    private final TreeMap<Long, StoredMessage> waiting = new TreeMap<>();
    /** One past the last offset pulled: where the queue continues. */
    private long nextOffset;
    /** Orderly: the highest offset handed out by takeInOrder and not given back. */
    private long takenUpTo;

    public UnconsumedMessages(long startOffset) {
        this.nextOffset = startOffset;
        this.takenUpTo = startOffset - 1;
    }

    /** Adds pulled messages; {@code nextBeginOffset} is where the broker says the next pull starts. */
    public synchronized void add(Collection<StoredMessage> messages, long nextBeginOffset) {
        for (StoredMessage m : messages) {
            waiting.put(m.getQueueOffset(), m);
            nextOffset = Math.max(nextOffset, m.getQueueOffset() + 1);
        }
        nextOffset = Math.max(nextOffset, nextBeginOffset);
    }

    /** The broker moved the queue's offset (OFFSET_MOVED): continue from there, back or forth. */
    public synchronized void moveTo(long offset) {
        waiting.clear();
        nextOffset = offset;
        takenUpTo = offset - 1;
    }

    /** Marks messages consumed; returns the offset a commit may now name. */
    public synchronized long remove(Collection<StoredMessage> consumed) {
        for (StoredMessage m : consumed) {
            waiting.remove(m.getQueueOffset());
        }
        return commitOffset();
    }

    /** The lowest offset not yet consumed: every message before it was. */
    public synchronized long commitOffset() {
        return waiting.isEmpty() ? nextOffset : waiting.firstKey();
    }

    public synchronized int count() {
        return waiting.size();
    }

    /** Orderly: up to {@code max} waiting messages after the last ones handed out, in offset order. */
    public synchronized List<StoredMessage> takeInOrder(int max) {
        List<StoredMessage> batch = new ArrayList<>(Math.min(max, 32));
        for (Map.Entry<Long, StoredMessage> e : waiting.tailMap(takenUpTo, false).entrySet()) {
            if (batch.size() == max) {
                break;
            }
            batch.add(e.getValue());
            takenUpTo = e.getKey();
        }
        return batch;
    }

    /** Orderly: whether a message is waiting that {@link #takeInOrder} has not handed out. */
    public synchronized boolean hasUntaken() {
        return waiting.higherKey(takenUpTo) != null;
    }

    /** Orderly: the listener did not consume {@code batch}; the next take starts with it again. */
    public synchronized void giveBack(List<StoredMessage> batch) {
        for (StoredMessage m : batch) {
            takenUpTo = Math.min(takenUpTo, m.getQueueOffset() - 1);
        }
    }
}

package org.skiffmq.store.raft.internal;

import java.nio.ByteBuffer;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.skiffmq.api.message.StoredMessageCodec;

/**
 * The read-only queries a member behind the leader's log sends to copy the leader's store (Ratis
 * stale reads, answered by the leader's state machine without going through the log):
 *
 * <pre>
 *   snapshot           kind 1                  → term (8) index (8) commit-log start (8) snapshot file (rest);
 *                                                 empty when the member has no snapshot yet
 *   log                kind 2, offset (8), max (4) → whole commit-log records (and a file's end blank) from offset;
 *                                                 empty when nothing is there
 * </pre>
 */
final class CatchUpQuery {
    static final byte SNAPSHOT = 1;
    static final byte LOG = 2;

    private CatchUpQuery() {
    }

    /** A member's latest snapshot, and where its commit log starts now. */
    record Offer(TermIndex termIndex, long commitLogStart, byte[] snapshotFile) {
    }

    static Message snapshotRequest() {
        return Message.valueOf(ByteString.copyFrom(new byte[] {SNAPSHOT}));
    }

    static Message logRequest(long offset, int maxBytes) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4);
        b.put(LOG).putLong(offset).putInt(maxBytes).flip();
        return Message.valueOf(ByteString.copyFrom(b));
    }

    static Message offer(Offer offer) {
        if (offer == null) {
            return Message.EMPTY;
        }
        ByteBuffer b = ByteBuffer.allocate(24 + offer.snapshotFile().length);
        b.putLong(offer.termIndex().getTerm()).putLong(offer.termIndex().getIndex()).putLong(offer.commitLogStart())
                .put(offer.snapshotFile()).flip();
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(b));
    }

    /** The offer in a reply, or null when the member had no snapshot. */
    static Offer readOffer(ByteString reply) {
        if (reply == null || reply.isEmpty()) {
            return null;
        }
        ByteBuffer b = reply.asReadOnlyByteBuffer();
        TermIndex termIndex = TermIndex.valueOf(b.getLong(), b.getLong());
        long start = b.getLong();
        byte[] file = new byte[b.remaining()];
        b.get(file);
        return new Offer(termIndex, start, file);
    }

    /**
     * The whole records (or the end-of-file blank) at the start of {@code tail}, up to
     * {@code maxBytes} but at least one, whatever its size, so that every reply moves the copy on.
     */
    static ByteBuffer wholeRecords(ByteBuffer tail, int maxBytes) {
        int start = tail.position();
        int at = start;
        while (tail.limit() - at >= StoredMessageCodec.BLANK_SIZE) {
            int size = tail.getInt(at);
            int magic = tail.getInt(at + 4);
            if (magic == StoredMessageCodec.BLANK_MAGIC) {
                at += StoredMessageCodec.BLANK_SIZE;
                break; // the file ends here
            }
            if (size <= 0 || at + size > tail.limit() || (at > start && at - start + size > maxBytes)) {
                break;
            }
            at += size;
        }
        return tail.duplicate().position(start).limit(at).slice();
    }
}

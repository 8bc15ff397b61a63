package org.skiffmq.store.raft.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.store.mmap.LocalMessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a member whose missing entries the leader no longer has (its log was purged after a
 * snapshot) up to the leader's latest snapshot, by copying the leader's commit log from where
 * this member's ends: each record is stored again, at the leader's store time, so the local store
 * writes the same bytes at the same offsets and indexes them in its consume queues as it does for
 * an applied entry. Where the leader's file ended early (its end blank), this member's does too.
 *
 * <p>Every copied record must land at the offset it has in the leader's log; a member whose log
 * does not line up (another history, another {@code commitLogFileSize}) is refused, never patched.
 */
final class StoreCopier {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCopier.class);
    /** Bytes asked for per query: large enough to move fast, small enough for any gRPC limit we set. */
    static final int CHUNK_BYTES = 4 << 20;

    private final LocalMessageStore local;
    private final EntryClock clock;
    private final BooleanSupplier stopping;

    StoreCopier(LocalMessageStore local, EntryClock clock, BooleanSupplier stopping) {
        this.local = local;
        this.clock = clock;
        this.stopping = stopping;
    }

    /** What a copy brought: the snapshot to install, and how much was copied. */
    record Copied(TermIndex termIndex, SnapshotFile snapshot, long records, long bytes) {
    }

    /**
     * Copies the leader's store up to its latest snapshot. Returns null when the leader has no
     * snapshot this member can use yet (Ratis asks again later).
     *
     * @param firstInLog the first entry the leader still has: the snapshot must reach the entry before it
     */
    Copied copy(RaftGroup group, RaftProperties properties, RaftPeerId leader, TermIndex firstInLog)
            throws IOException {
        try (RaftClient client = client(group, properties)) {
            CatchUpQuery.Offer offer = CatchUpQuery.readOffer(ask(client, leader, CatchUpQuery.snapshotRequest()));
            if (offer == null) {
                LOG.warn("raft: leader {} has no snapshot to copy yet; asking again later", leader);
                return null;
            }
            SnapshotFile snapshot = SnapshotFile.parse(new String(offer.snapshotFile(), StandardCharsets.UTF_8),
                    "leader " + leader + "'s snapshot " + offer.termIndex());
            if (snapshot.commitLogEnd() < 0 || offer.termIndex().getIndex() < firstInLog.getIndex() - 1) {
                LOG.warn("raft: leader {}'s snapshot {} cannot bring this member to {}; asking again after its next one",
                        leader, offer.termIndex(), firstInLog);
                return null;
            }
            long at = local.maxPhysicalOffset();
            long end = snapshot.commitLogEnd();
            if (at < end && at < offer.commitLogStart()) {
                throw new IOException("this member's commit log ends at " + at + " but leader " + leader + "'s starts at "
                        + offer.commitLogStart() + " (retention deleted older files), so the messages in between"
                        + " cannot be copied. Stop this broker and copy a healthy member's data folder over its own");
            }
            LOG.warn("raft: this member is behind leader {}'s log (it starts at {}); copying its store from commit-log"
                    + " offset {} to {} (snapshot {})", leader, firstInLog, at, end, offer.termIndex());
            long records = 0;
            long from = at;
            while (at < end) {
                if (stopping.getAsBoolean()) {
                    throw new IOException("shutting down while copying leader " + leader + "'s store at offset " + at);
                }
                ByteString chunk = ask(client, leader, CatchUpQuery.logRequest(at, CHUNK_BYTES));
                if (chunk.isEmpty()) {
                    throw new IOException("leader " + leader + " has nothing at commit-log offset " + at + " below its"
                            + " snapshot's end " + end);
                }
                ByteBuffer b = chunk.asReadOnlyByteBuffer();
                while (b.remaining() >= StoredMessageCodec.BLANK_SIZE && at < end) {
                    int start = b.position();
                    if (b.getInt(start + 4) == StoredMessageCodec.BLANK_MAGIC) {
                        local.endCommitLogFile();
                        at += b.getInt(start);
                        b.position(start + StoredMessageCodec.BLANK_SIZE);
                        requireLinedUp(local.maxPhysicalOffset(), at, leader);
                        continue;
                    }
                    StoredMessage m;
                    try {
                        m = StoredMessageCodec.decode(b, true);
                    } catch (MessageDecodeException e) {
                        throw new IOException("leader " + leader + " sent a damaged record at " + at + ": "
                                + e.getMessage(), e);
                    }
                    requireLinedUp(m.getPhysicalOffset(), at, leader);
                    PutResult stored = clock.at(m.getStoreTimestamp(), () -> local.put(m).join());
                    if (!stored.isOk()) {
                        throw new IOException("storing the record copied from offset " + at + " failed: "
                                + stored.status() + " " + stored.detail());
                    }
                    requireLinedUp(stored.physicalOffsets()[0], at, leader);
                    if (stored.queueOffset() != m.getQueueOffset()) {
                        throw new IOException("the record copied from offset " + at + " landed at queue offset "
                                + stored.queueOffset() + " of " + m.getTopic() + "/" + m.getQueueId() + ", the leader"
                                + " has it at " + m.getQueueOffset() + ": this member's store holds another history."
                                + " Stop this broker and copy a healthy member's data folder over its own");
                    }
                    at += m.getStoreSize();
                    records++;
                }
            }
            local.flushAll();
            LOG.warn("raft: copied {} records ({} bytes) from leader {}; installing its snapshot {}", records, at - from,
                    leader, offer.termIndex());
            return new Copied(offer.termIndex(), snapshot, records, at - from);
        }
    }

    private static void requireLinedUp(long actual, long expected, RaftPeerId leader) throws IOException {
        if (actual != expected) {
            throw new IOException("copying leader " + leader + "'s commit log: a record at " + expected + " lands at "
                    + actual + " here, so the two logs do not line up. Every member needs the same"
                    + " store.commitLogFileSize; if they have it, this member's store holds another history: stop"
                    + " this broker and copy a healthy member's data folder over its own");
        }
    }

    private static ByteString ask(RaftClient client, RaftPeerId leader, Message query) throws IOException {
        RaftClientReply reply = client.io().sendStaleRead(query, 0, leader);
        if (!reply.isSuccess()) {
            throw new IOException("leader " + leader + " did not answer the copy query: " + reply.getException());
        }
        return reply.getMessage().getContent();
    }

    private static RaftClient client(RaftGroup group, RaftProperties properties) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(StoreCopier.class.getClassLoader());
        try {
            return RaftClient.newBuilder()
                    .setRaftGroup(group)
                    .setProperties(properties)
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3,
                            TimeDuration.valueOf(1, TimeUnit.SECONDS)))
                    .build();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}

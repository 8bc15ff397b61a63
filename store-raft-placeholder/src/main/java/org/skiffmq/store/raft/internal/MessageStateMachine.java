package org.skiffmq.store.raft.internal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.LocalMessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed Raft entries to this member's local store, in log order, on every member;
 * so every member's commit log and consume queues hold the same messages at the same offsets.
 *
 * <p>A snapshot flushes the local store and records each queue's end and the commit log's end;
 * Ratis then purges the log before it (keeping the entries of one snapshot interval, see
 * {@code RatisProperties}). After a restart the entries after the snapshot are applied again;
 * those the local store already holds (it kept writing after the snapshot) are checked against it
 * and skipped, so a restart stores nothing twice. A member that misses entries the leader purged
 * copies the leader's store up to its snapshot ({@link StoreCopier}).
 *
 * <p>An entry waits while the local store takes no writes (a full disk). An entry this member
 * cannot apply at all stops the member: a member that skipped an entry would serve a different
 * history from the others.
 */
final class MessageStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MessageStateMachine.class);

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final LocalMessageStore local;
    private final EntryClock clock;
    private final Runnable roleEvent;
    private final QueueEnds ends = new QueueEnds();
    private final Map<String, byte[]> documents = new HashMap<>();
    private volatile BiConsumer<String, byte[]> metadataListener = (name, content) -> { };
    // applyTransaction and takeSnapshot both run on Ratis' updater thread today; the lock keeps
    // a snapshot's table and index consistent should Ratis ever call them from two threads.
    private final Object applyLock = new Object();
    private volatile boolean stopping;
    private volatile String broken;
    private final Runnable fatal;

    /**
     * @param fatal run once when an entry cannot be applied for good: the member must stop
     */
    MessageStateMachine(LocalMessageStore local, EntryClock clock, Runnable roleEvent, Runnable fatal) {
        this.fatal = fatal;
        this.local = local;
        this.clock = clock;
        this.roleEvent = roleEvent;
    }

    /** Who hears of each committed metadata document (the broker, which keeps its files up to date). */
    void setMetadataListener(BiConsumer<String, byte[]> listener) {
        this.metadataListener = listener == null ? (name, content) -> { } : listener;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before it reloads it from a snapshot this member installed. */
    @Override
    public void pause() {
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
            lifeCycle.transition(LifeCycle.State.PAUSING);
            lifeCycle.transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.PAUSED) {
            lifeCycle.transition(LifeCycle.State.STARTING);
            lifeCycle.transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        TermIndex termIndex = TermIndex.valueOf(trx.getLogEntry());
        ByteBuffer data = trx.getLogEntry().getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
        synchronized (applyLock) {
            if (broken != null) {
                return notApplied(data, "this member stopped applying entries: " + broken);
            }
            try {
                byte[] reply;
                if (MetadataCommand.kindOf(data) == PutGroup.KIND) {
                    List<PutResult> results = new ArrayList<>();
                    for (PutCommand command : PutGroup.decode(data.duplicate())) {
                        results.add(apply(command, termIndex));
                    }
                    reply = PutGroup.encodeReplies(results);
                } else if (MetadataCommand.kindOf(data) == MetadataCommand.KIND) {
                    MetadataCommand doc = MetadataCommand.decode(data);
                    documents.put(doc.name(), doc.content());
                    tell(doc.name(), doc.content());
                    reply = new byte[0];
                } else {
                    reply = PutReply.encode(apply(PutCommand.decode(data), termIndex));
                }
                updateLastAppliedTermIndex(termIndex);
                return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
            } catch (RuntimeException e) {
                // Nothing goes back to Ratis as a failure (a thrown exception, or a failed future
                // it waits on before a snapshot, can leave its updater thread spinning instead of
                // stopping): the entry is answered "not applied", this and every later entry are
                // left unapplied, the last applied index stays before this entry (so a snapshot
                // never counts it), and a member that cannot go on is closed.
                broken = e.getMessage();
                if (e instanceof StopWaiting) {
                    LOG.warn("raft: shutting down while entry {} waited for the local store; it is applied after the"
                            + " next start", termIndex);
                } else {
                    LOG.error("raft: this member stops applying entries at {}: {}", termIndex, e.getMessage(), e);
                    fatal.run();
                }
                return notApplied(data, e.getMessage());
            }
        }
    }

    /**
     * The answer to an entry this member did not apply: each put waiting on it is told the store
     * is not available (a group's puts each, in the group's reply shape).
     */
    private static CompletableFuture<Message> notApplied(ByteBuffer entry, String why) {
        PutResult failed = PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "the raft member could not apply the"
                + " message, which the group may still hold: " + why);
        byte[] reply;
        if (entry.remaining() >= 5 && MetadataCommand.kindOf(entry) == PutGroup.KIND) {
            int puts = Math.max(0, entry.getInt(entry.position() + 1));
            reply = PutGroup.encodeReplies(java.util.Collections.nCopies(Math.min(puts, 1 << 16), failed));
        } else {
            reply = PutReply.encode(failed);
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        synchronized (applyLock) {
            // After a failed entry nothing later may count as applied, or a snapshot would skip it.
            if (broken == null) {
                super.notifyTermIndexUpdated(term, index);
            }
        }
    }

    /** Thrown out of a wait for room in the local store when the member shuts down. */
    private static final class StopWaiting extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StopWaiting(String message) {
            super(message);
        }
    }

    private void tell(String name, byte[] content) {
        try {
            metadataListener.accept(name, content);
        } catch (RuntimeException e) {
            // The document is committed and kept for the next snapshot; the broker's copy of it
            // catches up with the next one the master publishes.
            LOG.error("raft: the broker could not take metadata document {}: {}", name, e.toString(), e);
        }
    }

    private PutResult apply(PutCommand command, TermIndex termIndex) {
        List<StoredMessage> messages = command.messages();
        String topic = messages.get(0).getTopic();
        int queueId = messages.get(0).getQueueId();
        long next = ends.next(topic, queueId);
        long held = local.maxQueueOffset(topic, queueId);
        if (next > held) {
            throw new IllegalStateException("entry " + termIndex + ": the local store holds " + held + " messages of "
                    + topic + "/" + queueId + " but " + next + " were applied before; it lost messages a snapshot"
                    + " counted as flushed. Stop this broker and copy a healthy member's data folder over its own");
        }
        int present = (int) Math.min(messages.size(), held - next);
        List<Long> offsets = new ArrayList<>(messages.size());
        if (present > 0) {
            checkAlreadyStored(topic, queueId, next, messages.subList(0, present), termIndex, offsets);
        }
        PutResult result;
        if (present < messages.size()) {
            List<StoredMessage> rest = messages.subList(present, messages.size());
            PutResult stored = storeWaitingForRoom(command.storeTimestamp(), rest, termIndex);
            for (long offset : stored.physicalOffsets()) {
                offsets.add(offset);
            }
            result = new PutResult(PutStatus.PUT_OK, offsets.stream().mapToLong(Long::longValue).toArray(), next,
                    command.storeTimestamp(), null);
        } else {
            result = new PutResult(PutStatus.PUT_OK, offsets.stream().mapToLong(Long::longValue).toArray(), next,
                    command.storeTimestamp(), null);
        }
        ends.advance(topic, queueId, messages.size());
        return result;
    }

    /**
     * Stores committed messages in the local store. While the store refuses every write (its disk
     * is full, or a write failed) this waits and tries again each second instead of stopping the
     * member: its Raft log goes on taking part in the group, and it applies what it missed once
     * there is room. Anything else the store refuses cannot happen to a message the leader
     * checked, and stops the member.
     */
    private PutResult storeWaitingForRoom(long storeTimestamp, List<StoredMessage> messages, TermIndex termIndex) {
        long waitingSince = 0;
        long lastSaid = 0;
        while (true) {
            PutResult stored = clock.at(storeTimestamp, () -> (messages.size() == 1
                    ? local.put(messages.get(0)) : local.putBatch(new ArrayList<>(messages))).join());
            if (stored.isOk()) {
                if (waitingSince != 0) {
                    LOG.warn("raft: the local store takes writes again; applying from entry {}", termIndex);
                }
                return stored;
            }
            String refusal = local.refusalReason();
            if (stopping) {
                throw new StopWaiting("the member shut down while entry " + termIndex + " waited for the local store");
            }
            if (stored.status() != PutStatus.SERVICE_NOT_AVAILABLE || refusal == null) {
                throw new IllegalStateException("entry " + termIndex + " is committed but this member cannot store it ("
                        + stored.status() + ": " + stored.detail() + "); the member stops taking part in the group"
                        + " until its store is mended and it restarts");
            }
            long now = System.nanoTime();
            if (waitingSince == 0) {
                waitingSince = now;
            }
            if (lastSaid == 0 || now - lastSaid > 60_000_000_000L) {
                lastSaid = now;
                LOG.error("raft: committed entry {} waits for the local store, which takes no writes: {}; this member"
                        + " falls behind until there is room (waiting {} s)", termIndex, refusal,
                        (now - waitingSince) / 1_000_000_000L);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StopWaiting("interrupted while entry " + termIndex + " waited for the local store");
            }
        }
    }

    /** Ends waits for room in the local store: the member is shutting down. */
    void stopWaiting() {
        stopping = true;
    }

    /**
     * Checks that the messages the local store already holds at {@code from} are the entry's:
     * the same born time, body CRC and unique key. Messages retention already deleted cannot be
     * checked and are taken as stored.
     */
    private void checkAlreadyStored(String topic, int queueId, long from, List<StoredMessage> expected,
            TermIndex termIndex, List<Long> offsets) {
        GetResult got = local.getMessages(topic, queueId, from, expected.size(), Integer.MAX_VALUE, MessageFilter.ALL);
        for (ByteBuffer record : got.messages()) {
            StoredMessage held = StoredMessageCodec.decode(record.duplicate(), false);
            int i = (int) (held.getQueueOffset() - from);
            if (i < 0 || i >= expected.size()) {
                continue;
            }
            StoredMessage want = expected.get(i);
            if (held.getBornTimestamp() != want.getBornTimestamp() || held.getBodyCrc() != want.getBodyCrc()
                    || !java.util.Objects.equals(held.getUniqKey(), want.getUniqKey())) {
                throw new IllegalStateException("entry " + termIndex + ": the local store holds a different message at "
                        + topic + "/" + queueId + " offset " + held.getQueueOffset() + " than the raft log; this"
                        + " member's data folder does not belong to this group's history. Stop this broker and copy"
                        + " a healthy member's data folder over its own");
            }
            offsets.add(held.getPhysicalOffset());
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        SnapshotFile snapshot;
        synchronized (applyLock) {
            last = getLastAppliedTermIndex();
            snapshot = new SnapshotFile(ends.copy(), Map.copyOf(documents), local.maxPhysicalOffset());
        }
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        // Everything the table counts was appended before the copy: flushing now makes it durable.
        local.flushAll();
        save(last, snapshot);
        LOG.info("raft snapshot at {}: {} queues, {} metadata documents, local store flushed", last,
                snapshot.queueEnds().size(), snapshot.documents().size());
        return last.getIndex();
    }

    /** Writes {@code snapshot} as this member's latest, durably, for {@link #load} to read. */
    private void save(TermIndex last, SnapshotFile snapshot) throws IOException {
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = file.toPath().resolveSibling(file.getName() + ".writing");
        snapshot.write(tmp);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            synchronized (applyLock) {
                ends.replace(Map.of());
                documents.clear();
            }
            return;
        }
        Path path = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        SnapshotFile file = SnapshotFile.read(path);
        Map<String, Long> table = file.queueEnds();
        for (Map.Entry<String, Long> e : table.entrySet()) {
            String topic = QueueEnds.topicOf(e.getKey());
            int queueId = QueueEnds.queueIdOf(e.getKey());
            long held = local.maxQueueOffset(topic, queueId);
            if (held < e.getValue()) {
                throw new IOException("snapshot " + path + " counts " + e.getValue() + " messages of " + topic + "/"
                        + queueId + " but the local store holds " + held + "; it lost flushed messages. Copy a"
                        + " healthy member's data folder over this one's");
            }
        }
        synchronized (applyLock) {
            ends.replace(table);
            documents.clear();
            documents.putAll(file.documents());
            setLastAppliedTermIndex(snapshot.getTermIndex());
            file.documents().forEach(this::tell);
        }
        LOG.info("raft snapshot {} loaded: {} queues, {} metadata documents", snapshot.getTermIndex(), table.size(),
                file.documents().size());
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        roleEvent.run();
    }

    @Override
    public void notifyLeaderReady() {
        roleEvent.run();
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        roleEvent.run();
    }

    @Override
    public void notifyServerShutdown(RoleInfoProto roleInfo, boolean allServer) {
        roleEvent.run();
    }

    /**
     * The leader no longer has the entries this member misses: copy its store up to its latest
     * snapshot ({@link StoreCopier}), save that snapshot as this member's own, and tell Ratis,
     * which then reloads this state machine from it and goes on with the entries after it. Runs
     * off Ratis' thread; a failed copy is logged and Ratis asks again.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
            TermIndex firstTermIndexInLog) {
        RaftPeerId leader = RaftPeerId.valueOf(roleInfo.getFollowerInfo().getLeaderInfo().getId().getId());
        CompletableFuture<TermIndex> installed = new CompletableFuture<>();
        Thread copier = new Thread(() -> {
            try {
                RaftServer server = getServer().join();
                StoreCopier.Copied copied = new StoreCopier(local, clock, () -> stopping).copy(
                        server.getDivision(getGroupId()).getGroup(), server.getProperties(), leader, firstTermIndexInLog);
                if (copied != null) {
                    save(copied.termIndex(), copied.snapshot());
                }
                installed.complete(copied == null ? null : copied.termIndex());
            } catch (IOException | RuntimeException e) {
                LOG.error("raft: copying leader {}'s store failed: {}", leader, e.getMessage(), e);
                installed.completeExceptionally(e);
            }
        }, "skiff-raft-copy");
        copier.setDaemon(true);
        copier.start();
        return installed;
    }

    /** Answers a member that copies this one's store ({@link CatchUpQuery}). */
    @Override
    public CompletableFuture<Message> query(Message request) {
        ByteBuffer q = request.getContent().asReadOnlyByteBuffer();
        try {
            byte kind = q.get();
            if (kind == CatchUpQuery.SNAPSHOT) {
                SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
                if (latest == null) {
                    return CompletableFuture.completedFuture(CatchUpQuery.offer(null));
                }
                byte[] file = Files.readAllBytes(latest.getFile().getPath());
                return CompletableFuture.completedFuture(CatchUpQuery.offer(new CatchUpQuery.Offer(
                        latest.getTermIndex(), local.minPhysicalOffset(), file)));
            }
            if (kind == CatchUpQuery.LOG) {
                long offset = q.getLong();
                int max = q.getInt();
                ByteBuffer tail = local.readCommitLog(offset);
                ByteBuffer records = tail == null ? ByteBuffer.allocate(0) : CatchUpQuery.wholeRecords(tail, max);
                return CompletableFuture.completedFuture(Message.valueOf(
                        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(records)));
            }
            return CompletableFuture.failedFuture(new IOException("unknown query kind " + kind));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

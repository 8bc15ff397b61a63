package org.skiffmq.store.raft.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.EngineMarker;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageArrivalListener;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.api.store.ReplicaRole;
import org.skiffmq.store.mmap.LocalMessageStore;
import org.skiffmq.store.mmap.MmapStoreProvider;
import org.skiffmq.store.raft.RaftPeerSettings;
import org.skiffmq.store.raft.RaftStoreProvider;
import org.skiffmq.store.raft.RaftStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raft store: a decorator over the local mmap store. Reads go to the local store, which holds
 * only committed messages. A put is taken only by the group's leader: it becomes a Raft entry,
 * and is answered once a majority of the group has it and this member applied it; every member
 * applies it to its own local store ({@link MessageStateMachine}).
 */
public final class ReplicatedMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedMessageStore.class);
    /** The folder, inside the store's, that holds the Raft log and snapshots. */
    public static final String RAFT_DIR = "raft";

    private final RaftStoreSettings settings;
    private final Path directory;
    private final Clock clock;
    private final LocalMessageStore local;
    private final RaftGroup group;
    private final RaftPeerId self;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    /** Ends the batcher's waits for puts to gather. */
    private final ScheduledExecutorService gatherTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skiff-raft-gather");
        t.setDaemon(true);
        return t;
    });
    /**
     * Gathers concurrent puts into entries; an entry holds up to 4 MiB of them (one put alone may
     * be larger), and waits up to 2 ms for the senders just answered (see ProposalBatcher).
     */
    private final ProposalBatcher batcher = new ProposalBatcher(this::submit, 4 << 20, TimeUnit.MILLISECONDS.toNanos(2),
            System::nanoTime, this::gatherTimeOut);
    private final RoleWatcher roles;
    private final MessageStateMachine stateMachine;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile RaftServer server;

    public ReplicatedMessageStore(RaftStoreSettings settings, Path directory, Clock clock) {
        this.settings = settings;
        this.directory = directory;
        this.clock = clock;
        EntryClock entryClock = new EntryClock(clock);
        this.local = new MmapStoreProvider().create(settings.local().toConfig(directory), entryClock);
        this.group = groupOf(settings);
        this.self = RaftPeerId.valueOf(settings.self());
        this.roles = new RoleWatcher(settings, this::division);
        this.stateMachine = new MessageStateMachine(local, entryClock, roles::check, this::stopMember);
    }

    /** The Raft group of the settings: its id is derived from the group name, the same on every member. */
    public static RaftGroup groupOf(RaftStoreSettings settings) {
        RaftGroupId id = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
                ("skiffmq-raft:" + settings.group()).getBytes(StandardCharsets.UTF_8)));
        List<RaftPeer> peers = settings.peers().stream().map(p -> RaftPeer.newBuilder()
                .setId(p.id()).setAddress(p.address()).build()).toList();
        return RaftGroup.valueOf(id, peers);
    }

    @Override
    public void start() throws IOException {
        // Marked before the local store starts, which would mark the folder as its own.
        EngineMarker.writeIfAbsent(directory, RaftStoreProvider.NAME);
        local.start();
        Path raftDir = directory.resolve(RAFT_DIR);
        Files.createDirectories(raftDir);
        // Ratis keeps the thread context class loader of its first use for its own lookups
        // (metrics, RPC): make it this plugin's, not the broker's thread's.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ReplicatedMessageStore.class.getClassLoader());
        try {
            server = RaftServer.newBuilder()
                    .setGroup(group)
                    .setServerId(self)
                    .setProperties(RatisProperties.of(settings, raftDir))
                    .setStateMachine(stateMachine)
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            server.start();
        } catch (IOException | RuntimeException e) {
            closeServer();
            local.shutdown();
            throw new IOException("the raft member " + settings.self() + " could not start on "
                    + settings.selfPeer().address() + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(before);
        }
        roles.start();
        LOG.info("raft store {} started: member {} of {} at {}, flush {}", directory, settings.self(),
                settings.peers().stream().map(RaftPeerSettings::id).toList(), settings.selfPeer().address(),
                settings.flush());
    }

    private RaftServer.Division division() throws IOException {
        RaftServer s = server;
        if (s == null) {
            throw new IOException("the raft server is not running");
        }
        return s.getDivision(group.getGroupId());
    }

    @Override
    public CompletableFuture<PutResult> put(BrokerMessage message) {
        return replicate(List.of(message));
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<BrokerMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            return failed(PutStatus.MESSAGE_ILLEGAL, "the batch is empty");
        }
        return replicate(messages);
    }

    private CompletableFuture<PutResult> replicate(List<BrokerMessage> messages) {
        if (stopped.get() || server == null) {
            return failed(PutStatus.SERVICE_NOT_AVAILABLE, "the store is not running (not started or shut down)");
        }
        ReplicaRole role = roles.current();
        if (!role.master()) {
            return failed(PutStatus.SERVICE_NOT_AVAILABLE, "broker " + settings.self() + " is not the leader of raft"
                    + " group " + settings.group() + " (" + roles.leaderDescription() + "); sends go to the leader");
        }
        String refusal = local.refusalReason();
        if (refusal != null) {
            return failed(PutStatus.SERVICE_NOT_AVAILABLE, refusal);
        }
        // Everything the local store would refuse is refused here, before it is replicated: an
        // entry every member then fails to apply would stop the whole group.
        String problem = local.problemWith(messages);
        if (problem != null) {
            return failed(PutStatus.MESSAGE_ILLEGAL, problem);
        }
        byte[] entry;
        try {
            entry = PutCommand.encode(messages, clock.millis());
        } catch (IllegalArgumentException e) {
            return failed(PutStatus.MESSAGE_ILLEGAL, e.getMessage());
        }
        return batcher.propose(entry).thenApply(o -> o.error() != null ? answerFailure(o.error())
                : o.reply().isSuccess() ? o.result() : answer(o.reply()));
    }

    private void gatherTimeOut(long nanos, Runnable task) {
        try {
            gatherTimer.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Shut down: the waiting puts still go (and fail) rather than wait for ever.
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(task);
        }
    }

    /** Proposes an entry to the group; the reply comes once a majority has it and this member applied it. */
    private CompletableFuture<RaftClientReply> submit(byte[] entry) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self)
                .setGroupId(group.getGroupId())
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request).orTimeout(settings.replicaTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new NotServingException("the raft member " + settings.self()
                    + " took no entry: " + e));
        }
    }

    /** An entry the local Raft server refused before proposing it (not running). */
    private static final class NotServingException extends IOException {
        private static final long serialVersionUID = 1L;

        NotServingException(String message) {
            super(message);
        }
    }

    @Override
    public boolean replicatesMetadata() {
        return true;
    }

    @Override
    public CompletableFuture<Void> putMetadata(String name, byte[] content) {
        if (stopped.get() || server == null || !roles.current().master()) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker " + settings.self()
                    + " is not the master of raft group " + settings.group() + "; only the master publishes " + name));
        }
        return submit(new MetadataCommand(name, content).encode()).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new java.util.concurrent.CompletionException(reply.getException());
            }
            return null;
        });
    }

    @Override
    public void setMetadataListener(java.util.function.BiConsumer<String, byte[]> listener) {
        stateMachine.setMetadataListener(listener);
    }

    /** The answer to a put whose entry the group did not take. */
    private PutResult answer(RaftClientReply reply) {
        RaftException e = reply.getException();
        if (e instanceof StateMachineException) {
            return PutResult.failed(PutStatus.UNKNOWN_ERROR, "the raft group could not apply the send: " + e.getMessage());
        }
        if (e instanceof NotLeaderException) {
            roles.check();
            return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "broker " + settings.self() + " stopped leading"
                    + " raft group " + settings.group() + "; the message was not stored, send it to the new leader");
        }
        return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "the raft group did not take the send: " + e);
    }

    private PutResult answerFailure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof NotServingException) {
            return PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, cause.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return PutResult.failed(PutStatus.IN_SYNC_REPLICAS_NOT_ENOUGH, "in-sync replicas not enough: no majority of"
                    + " raft group " + settings.group() + " confirmed the message within replicaTimeoutMillis="
                    + settings.replicaTimeoutMillis() + "; it may still be stored");
        }
        return PutResult.failed(PutStatus.UNKNOWN_ERROR, "the raft group failed the send, which may or may not be"
                + " stored: " + cause);
    }

    private static CompletableFuture<PutResult> failed(PutStatus status, String detail) {
        return CompletableFuture.completedFuture(PutResult.failed(status, detail));
    }

    @Override
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
            MessageFilter filter) {
        return local.getMessages(topic, queueId, offset, maxCount, maxBytes, filter);
    }

    /** The local store's figures: it holds what the group committed. */
    @Override
    public java.util.Map<String, Double> metrics() {
        return local.metrics();
    }

    /** Every member indexes the committed records its local store holds, so lookups work on any of them. */
    @Override
    public java.util.Optional<org.skiffmq.api.store.MessageIndex> index() {
        return local.index();
    }

    @Override
    public StoredMessage readMessage(long physicalOffset) {
        return local.readMessage(physicalOffset);
    }

    @Override
    public long maxQueueOffset(String topic, int queueId) {
        return local.maxQueueOffset(topic, queueId);
    }

    @Override
    public long minQueueOffset(String topic, int queueId) {
        return local.minQueueOffset(topic, queueId);
    }

    @Override
    public long maxPhysicalOffset() {
        return local.maxPhysicalOffset();
    }

    @Override
    public long queueOffsetByTime(String topic, int queueId, long timestamp, BoundaryType boundary) {
        return local.queueOffsetByTime(topic, queueId, timestamp, boundary);
    }

    @Override
    public Set<Integer> queueIds(String topic) {
        return local.queueIds(topic);
    }

    @Override
    public void setArrivalListener(MessageArrivalListener listener) {
        local.setArrivalListener(listener);
    }

    @Override
    public ReplicaRole replicaRole() {
        return roles.current();
    }

    @Override
    public void setReplicaRoleListener(Consumer<ReplicaRole> listener) {
        roles.setListener(listener);
    }

    /** The id of the member that leads the group now, or null when none does (or this one is stopped). */
    public String leaderId() {
        return roles.leaderId();
    }

    @Override
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        roles.close();
        // A wait cut short here would leave its puts unanswered: end it now; its entry goes to the
        // closing server and each put is told it failed.
        gatherTimer.shutdownNow().forEach(Runnable::run);
        stateMachine.stopWaiting();
        closeServer();
        local.shutdown();
    }

    /** Closes the Raft server (not the local store, whose readers go on) off the Ratis thread that asks. */
    private void stopMember() {
        Thread stopper = new Thread(() -> {
            closeServer();
            roles.check();
        }, "skiff-raft-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private void closeServer() {
        RaftServer s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("raft member {} did not close cleanly: {}", settings.self(), e.toString());
            }
        }
    }
}

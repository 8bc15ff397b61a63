package org.skiffmq.store.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.contract.MessageStoreContract;

/**
 * The store contract against the raft store: each test gets a real group of three members in
 * this JVM (async flush), and the store under test is its leader, the member that takes puts and
 * whose reads are its own local store. Every member takes its store times from the test's clock;
 * the leader stamps them, so the test's clock decides them as it does the mmap store's. (The
 * group is this class's own rather than {@link RaftGroupFixture}'s, which fixes the local stores'
 * sizes and the system clock; the contract sets both per test.)
 *
 * <p>Overridden, with the reason at each: the thread the listener is told on, a listener waiting
 * for a put, putting into a store not started, a restart, and three tests a raft store bug fails.
 */
class RaftStoreContractTest extends MessageStoreContract {
    private static final int MEMBERS = 3;
    /**
     * The store's default: a tighter one (the group tests' 300 ms) lets a loaded machine (two
     * shared cores) miss a heartbeat mid-test, and the store under test stop leading.
     */
    private static final int ELECTION_TIMEOUT_MILLIS = 1000;

    /** Three members on free ports of 127.0.0.1, each in its own folder, made and started one by one. */
    private static final class Group {
        final Path root;
        final Limits limits;
        final Clock clock;
        final List<RaftPeerSettings> peers = new ArrayList<>();
        final MessageStore[] members = new MessageStore[MEMBERS];

        Group(Path root, Limits limits, Clock clock) throws IOException {
            this.root = root;
            this.limits = limits;
            this.clock = clock;
            for (int i = 0; i < MEMBERS; i++) {
                peers.add(new RaftPeerSettings("n" + i, "127.0.0.1:" + freePort()));
            }
        }

        MessageStore make(int i) {
            RaftStoreSettings settings = new RaftStoreSettings(root.resolve("n" + i).toString(), "async", "n" + i, peers,
                    "contract", ELECTION_TIMEOUT_MILLIS, 3000, null, null, Integer.toString(limits.commitLogFileSize()),
                    limits.consumeQueueEntriesPerFile(), Integer.toString(limits.maxMessageSize()), null, null, 0.99);
            members[i] = new RaftStoreProvider().create(settings, root.resolve("n" + i), clock);
            return members[i];
        }

        void startAll() throws IOException {
            for (int i = 0; i < MEMBERS; i++) {
                make(i).start();
            }
        }

        /** The member that leads, once one does (at most 30 s). */
        MessageStore awaitLeader() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (MessageStore m : members) {
                    if (m != null && m.replicaRole().master()) {
                        return m;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no member of the group led within 30 s");
        }

        /** Shuts every member down at once: one by one, the others would elect a leader in between. */
        void close() {
            List<Thread> stopping = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                MessageStore member = members[i];
                members[i] = null;
                if (member != null) {
                    Thread t = new Thread(member::shutdown, "stop-n" + i);
                    t.start();
                    stopping.add(t);
                }
            }
            for (Thread t : stopping) {
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    private final List<Group> groups = new ArrayList<>();
    private final Map<MessageStore, Group> groupOf = new IdentityHashMap<>();

    private Group newGroup(Path dir, Limits limits, Clock clock) throws IOException {
        Group group = new Group(dir, limits, clock);
        groups.add(group);
        return group;
    }

    private MessageStore leaderOf(Group group) throws InterruptedException {
        MessageStore leader = group.awaitLeader();
        groupOf.put(leader, group);
        return leader;
    }

    @Override
    protected MessageStore openStore(Path dir, Limits limits, Clock clock) throws Exception {
        Group group = newGroup(dir, limits, clock);
        group.startAll();
        return leaderOf(group);
    }

    /** Member n0 of a group, made but not started (nor are the others). */
    @Override
    protected MessageStore newUnstartedStore(Path dir, Limits limits, Clock clock) throws Exception {
        Group group = newGroup(dir, limits, clock);
        MessageStore first = group.make(0);
        groupOf.put(first, group);
        return first;
    }

    /**
     * Raft: one member alone takes no puts (no majority), so starting it starts the rest of its
     * group too; the store that then takes puts is whichever member the group elects.
     */
    @Override
    protected MessageStore start(MessageStore unstarted) throws Exception {
        Group group = groupOf.get(unstarted);
        unstarted.start();
        for (int i = 1; i < MEMBERS; i++) {
            group.make(i).start();
        }
        return leaderOf(group);
    }

    /** Raft: the whole group restarts, as after a restart of every broker; the leader it then elects is returned. */
    @Override
    protected MessageStore reopenStore(MessageStore store) throws Exception {
        Group group = groupOf.get(store);
        group.close();
        group.startAll();
        return leaderOf(group);
    }

    @Override
    protected void closeStores() {
        groups.forEach(Group::close);
    }

    /**
     * Raft: the leader appends a put to its local store once the group has committed it, on the
     * one thread that applies committed entries in log order (Ratis' state-machine updater), not
     * on the thread that called put; the listener is told there, still before the put completes.
     */
    @Override
    protected void assertToldOnTheAppendingThread(List<Thread> listenerThreads) {
        assertFalse(listenerThreads.isEmpty());
        for (Thread t : listenerThreads) {
            assertNotSame(Thread.currentThread(), t, "told on the putting thread");
            assertSame(listenerThreads.get(0), t, "told on more than one thread: " + listenerThreads);
        }
    }

    /**
     * Raft: the listener runs on the thread that applies committed entries one after another, so a
     * put it waits for (a later entry) cannot be applied until it returns, and would answer
     * IN_SYNC_REPLICAS_NOT_ENOUGH after replicaTimeoutMillis instead. What holds is that no lock
     * of the store stops another thread's put: that put is taken and committed meanwhile, and it
     * completes, stored after the message the listener is told of, once the listener returns.
     */
    @Override
    @Test
    public void calledOutsideTheAppendLock() throws Exception {
        MessageStore store = open();
        AtomicReference<CompletableFuture<PutResult>> fromOtherThread = new AtomicReference<>();
        List<Throwable> listenerFailures = new CopyOnWriteArrayList<>();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            if (topic.equals("Outer")) {
                CompletableFuture<PutResult> inner = CompletableFuture.supplyAsync(
                        () -> store.put(message("Inner", 0, "i")).join());
                fromOtherThread.set(inner);
                try {
                    PutResult early = inner.get(500, TimeUnit.MILLISECONDS);
                    listenerFailures.add(new AssertionError("a later entry completed while the listener held the"
                            + " apply thread: " + early.status() + " " + early.detail()));
                } catch (TimeoutException expected) {
                    // it waits for this entry's apply to finish: log order
                } catch (Exception e) {
                    listenerFailures.add(e);
                }
            }
        });
        PutResult outer = store.put(message("Outer", 0, "o")).join();
        assertEquals(PutStatus.PUT_OK, outer.status(), outer.detail());
        assertEquals(List.of(), listenerFailures);
        assertNotNull(fromOtherThread.get());
        PutResult inner = fromOtherThread.get().get(10, TimeUnit.SECONDS);
        assertEquals(PutStatus.PUT_OK, inner.status(), inner.detail());
        assertTrue(inner.physicalOffsets()[0] > outer.physicalOffsets()[0], "stored after the told message");
        assertEquals(1, store.maxQueueOffset("Inner", 0));
        assertEquals(1, store.maxQueueOffset("Outer", 0));
    }
}

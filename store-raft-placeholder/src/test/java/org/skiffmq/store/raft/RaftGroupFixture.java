package org.skiffmq.store.raft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;

/**
 * A raft group of real members in this JVM: each with its own folder and Raft port on
 * 127.0.0.1, started and stopped one by one, so tests can kill the leader or a majority.
 */
final class RaftGroupFixture implements AutoCloseable {
    static final String TOPIC = "Replicated";

    private final Path root;
    private final List<RaftPeerSettings> peers = new ArrayList<>();
    private final MessageStore[] members;
    private final String flush;
    private final Integer snapshotEvery;
    private final String logSegmentSize;
    private String commitLogFileSize = "4m";
    private final java.util.Map<Integer, Double> diskFullRatios = new java.util.HashMap<>();

    RaftGroupFixture(Path root, int size, String flush) throws IOException {
        this(root, size, flush, null);
    }

    RaftGroupFixture(Path root, int size, String flush, Integer snapshotEvery) throws IOException {
        this(root, size, flush, snapshotEvery, null);
    }

    RaftGroupFixture(Path root, int size, String flush, Integer snapshotEvery, String logSegmentSize)
            throws IOException {
        this.root = root;
        this.flush = flush;
        this.snapshotEvery = snapshotEvery;
        this.logSegmentSize = logSegmentSize;
        for (int i = 0; i < size; i++) {
            peers.add(new RaftPeerSettings("n" + i, "127.0.0.1:" + freePort()));
        }
        this.members = new MessageStore[size];
    }

    RaftStoreSettings settings(int i) {
        return new RaftStoreSettings("n" + i, flush, "n" + i, peers, "test-group", 300, 3000, snapshotEvery, logSegmentSize, commitLogFileSize, 10_000,
                null, null, null, diskFullRatios.getOrDefault(i, 0.99));
    }

    /**
     * The local store's {@code diskFullRatio} of member {@code i} from its next start: a ratio far
     * below the disk's real use makes its local store refuse every write, as on a full disk.
     */
    /** Sets every member's commit-log file size (before they start), so that tests see files roll. */
    void commitLogFileSize(String size) {
        this.commitLogFileSize = size;
    }

    void diskFullRatio(int i, double ratio) {
        diskFullRatios.put(i, ratio);
    }

    MessageStore start(int i) throws IOException {
        MessageStore store = new RaftStoreProvider().create(settings(i), root.resolve("n" + i), Clock.systemUTC());
        store.start();
        members[i] = store;
        return store;
    }

    void startAll() throws IOException {
        for (int i = 0; i < members.length; i++) {
            start(i);
        }
    }

    void stop(int i) {
        if (members[i] != null) {
            members[i].shutdown();
            members[i] = null;
        }
    }

    MessageStore member(int i) {
        return members[i];
    }

    int size() {
        return members.length;
    }

    /** Asks the group, through Ratis' admin API, to hand its leadership to member {@code to}. */
    void transferLeadership(int to) throws IOException {
        org.apache.ratis.protocol.RaftGroup raftGroup =
                org.skiffmq.store.raft.internal.ReplicatedMessageStore.groupOf(settings(to));
        try (org.apache.ratis.client.RaftClient client = org.apache.ratis.client.RaftClient.newBuilder()
                .setProperties(new org.apache.ratis.conf.RaftProperties()).setRaftGroup(raftGroup).build()) {
            org.apache.ratis.protocol.RaftClientReply reply = client.admin().transferLeadership(
                    org.apache.ratis.protocol.RaftPeerId.valueOf("n" + to), 20_000);
            if (!reply.isSuccess()) {
                throw new IOException("leadership did not move to n" + to + ": " + reply.getException());
            }
        }
    }

    /** The index of the running member that is master, once one is (at most 30 s). */
    int awaitMaster() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < members.length; i++) {
                if (members[i] != null && members[i].replicaRole().master()) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no member became master within 30 s");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    static BrokerMessage message(String key, int queueId) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic(TOPIC);
        m.setQueueId(queueId);
        m.setBody(("body of " + key).getBytes(StandardCharsets.UTF_8));
        m.setKeys(key);
        m.putProperty(MessageProperties.UNIQ_KEY, key);
        m.setBornTimestamp(System.currentTimeMillis());
        m.setBornHost(new InetSocketAddress("127.0.0.1", 50000));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        return m;
    }

    /** Every record of a queue of a member, as bytes, in queue order. */
    static List<byte[]> records(MessageStore store, int queueId) {
        List<byte[]> out = new ArrayList<>();
        long offset = store.minQueueOffset(TOPIC, queueId);
        long end = store.maxQueueOffset(TOPIC, queueId);
        while (offset < end) {
            GetResult got = store.getMessages(TOPIC, queueId, offset, 256, 4 << 20, MessageFilter.ALL);
            if (got.messages().isEmpty()) {
                break;
            }
            for (ByteBuffer b : got.messages()) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                out.add(bytes);
            }
            offset = got.nextBeginOffset();
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < members.length; i++) {
            stop(i);
        }
    }
}

package org.skiffmq.store.mmap.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/**
 * What every {@link MessageStore} must do, whatever keeps the messages: appends, queue and
 * physical offsets, reads and their statuses, filters, offsets by store time, queue ids, refusals
 * and the arrival listener, checked through the store API alone (no file names, no internals).
 *
 * <p>A store engine's test extends this and says how to open its store ({@link #openStore}), one
 * it has not started ({@link #newUnstartedStore}), how to restart it ({@link #reopenStore}) and
 * how to close everything it opened ({@link #closeStores}, after each test). The store must take
 * its store times from the clock it is given: tests set it. A replicated store is tested through
 * the member that takes puts. The mmap store runs it in store-mmap; other modules get it from
 * store-mmap's test-jar.
 *
 * <p>What fairly differs between stores is a hook ({@link #assertToldOnTheAppendingThread}); a
 * store that cannot do what a test asks for a real reason overrides that test, asserting what it
 * does instead and saying why. Tests of one engine's files stay with that engine.
 */
public abstract class MessageStoreContract {
    /** The store time tests run at unless they set the clock. */
    public static final long STORE_TIME = 1_700_000_000_005L;
    /** Where the tests of offsets by time start their clock. */
    protected static final long T0 = 1_700_000_000_000L;
    public static final InetSocketAddress BORN = new InetSocketAddress("127.0.0.1", 54321);
    public static final InetSocketAddress STORE = new InetSocketAddress("127.0.0.1", 10911);

    /**
     * The sizes a test opens a store with.
     *
     * @param commitLogFileSize          the largest record (or batch of records) the log takes is below this
     * @param consumeQueueEntriesPerFile how many entries a queue keeps per file, if it keeps files
     * @param maxMessageSize             the largest body a put may carry
     */
    public record Limits(int commitLogFileSize, int consumeQueueEntriesPerFile, int maxMessageSize) {
        /** What most tests use: 1 MiB log files, 1 000 entries per queue file, RocketMQ's 4 MiB body limit. */
        public static final Limits DEFAULT = new Limits(1 << 20, 1000, 4 * 1024 * 1024);

        public Limits withMaxMessageSize(int size) {
            return new Limits(commitLogFileSize, consumeQueueEntriesPerFile, size);
        }
    }

    @TempDir
    protected Path dir;

    /** The clock every store of the test takes its store times from; it stands at {@link #STORE_TIME}. */
    protected final ManualClock clock = new ManualClock(STORE_TIME);

    /**
     * A started store on {@code dir} (empty at first), taking store times from {@code clock}: for
     * a replicated store, the member that takes puts.
     */
    protected abstract MessageStore openStore(Path dir, Limits limits, Clock clock) throws Exception;

    /** A store made as {@link #openStore} makes it, but not started. */
    protected abstract MessageStore newUnstartedStore(Path dir, Limits limits, Clock clock) throws Exception;

    /**
     * Starts a store {@link #newUnstartedStore} made and returns the store that then takes puts:
     * the same one unless the engine decides otherwise (a replicated store: its leader).
     */
    protected MessageStore start(MessageStore unstarted) throws Exception {
        unstarted.start();
        return unstarted;
    }

    /**
     * Shuts down a store {@link #openStore} opened and opens it again on the same files, as after
     * a broker restart; returns the started store that takes puts.
     */
    protected abstract MessageStore reopenStore(MessageStore store) throws Exception;

    /** Shuts down every store the test opened (stores a test shut down already too). */
    protected abstract void closeStores();

    /**
     * Checks the threads the arrival listener was told on, in order: the store tells on the
     * thread that appends the message ({@link org.skiffmq.api.store.MessageArrivalListener}),
     * which for a store that appends as it is asked to is the thread that called put.
     */
    protected void assertToldOnTheAppendingThread(List<Thread> listenerThreads) {
        for (Thread t : listenerThreads) {
            assertSame(Thread.currentThread(), t, "told on " + t.getName());
        }
    }

    @AfterEach
    void closeStoresOfTheTest() {
        closeStores();
    }

    protected MessageStore open() throws Exception {
        return openStore(dir, Limits.DEFAULT, clock);
    }

    protected MessageStore open(Limits limits) throws Exception {
        return openStore(dir, limits, clock);
    }

    protected static PutResult put(MessageStore store, BrokerMessage m) {
        return store.put(m).join();
    }

    public static BrokerMessage message(String topic, int queueId, String body) {
        return message(topic, queueId, body, "TagA");
    }

    public static BrokerMessage message(String topic, int queueId, String body, String tags) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        if (tags != null) {
            m.setTags(tags);
        }
        m.putProperty(MessageProperties.UNIQ_KEY, "KEY-" + Integer.toHexString(body.hashCode()) + "-" + body.length());
        m.setBornTimestamp(1_700_000_000_000L);
        m.setBornHost(BORN);
        m.setStoreHost(STORE);
        return m;
    }

    /** The bytes the store must have written for {@code m} at these offsets (RocketMQ's record encoding, ending with the record CRC). */
    public static byte[] expectedRecord(BrokerMessage m, long queueOffset, long physicalOffset, long storeTimestamp) {
        StoredMessageCodec.Prepared p = StoredMessageCodec.prepare(m, true);
        ByteBuffer b = ByteBuffer.allocate(p.totalSize());
        StoredMessageCodec.write(b, p, queueOffset, physicalOffset, storeTimestamp);
        return b.array();
    }

    protected static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    // ---- appends and reads ------------------------------------------------------------------

    /**
     * The record is RocketMQ's encoding of the message with the offsets the store assigned and
     * the store time of its clock; a fresh store's first record is at physical offset 0.
     */
    @Test
    public void appendedRecordReadsBackByteExact() throws Exception {
        MessageStore store = open();
        BrokerMessage m = message("TopicTest", 1, "Hello RocketMQ");
        PutResult r = put(store, m);
        assertEquals(PutStatus.PUT_OK, r.status(), r.detail());
        assertEquals(0, r.physicalOffsets()[0]);
        assertEquals(0, r.queueOffset());
        assertEquals(STORE_TIME, r.storeTimestamp());

        GetResult got = store.getMessages("TopicTest", 1, 0, 32, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.FOUND, got.status());
        assertEquals(1, got.messages().size());
        assertTrue(got.messages().get(0).isReadOnly());
        assertArrayEquals(expectedRecord(m, 0, 0, STORE_TIME), bytes(got.messages().get(0)));
        assertEquals(1, got.nextBeginOffset());
        assertEquals(got.totalSize(), store.maxPhysicalOffset());
    }

    @Test
    public void queueOffsetsGoUpByOnePerQueue() throws Exception {
        MessageStore store = open();
        for (int i = 0; i < 10; i++) {
            assertEquals(i, put(store, message("A", 0, "a" + i)).queueOffset());
            assertEquals(i, put(store, message("A", 1, "b" + i)).queueOffset());
            assertEquals(i / 2, i % 2 == 0 ? put(store, message("B", 0, "c" + i)).queueOffset() : i / 2);
        }
        assertEquals(10, store.maxQueueOffset("A", 0));
        assertEquals(10, store.maxQueueOffset("A", 1));
        assertEquals(5, store.maxQueueOffset("B", 0));
        assertEquals(0, store.minQueueOffset("A", 0));
        assertEquals(0, store.maxQueueOffset("nope", 0));
    }

    @Test
    public void readMessageDecodesTheRecordAtAPhysicalOffset() throws Exception {
        MessageStore store = open();
        put(store, message("T", 0, "first"));
        PutResult r = put(store, message("T", 3, "second", "TagB"));
        StoredMessage m = store.readMessage(r.physicalOffsets()[0]);
        assertNotNull(m);
        assertEquals("second", new String(m.getBody()));
        assertEquals(3, m.getQueueId());
        assertEquals("TagB", m.getTags());
        assertEquals(STORE_TIME, m.getStoreTimestamp());
        assertNull(store.readMessage(r.physicalOffsets()[0] + 1));
        assertNull(store.readMessage(store.maxPhysicalOffset()));
        assertNull(store.readMessage(-1));
    }

    /** The batch comes after a record that nearly fills a log file (where it lands is the engine's affair). */
    @Test
    public void batchTakesConsecutiveQueueOffsets() throws Exception {
        MessageStore store = open(new Limits(8192, 1000, Limits.DEFAULT.maxMessageSize()));
        PutResult big = put(store, message("Batch", 2, "x".repeat(7900)));
        assertEquals(PutStatus.PUT_OK, big.status(), big.detail());
        List<BrokerMessage> batch = List.of(message("Batch", 2, "m1"), message("Batch", 2, "m2", "TagB"),
                message("Batch", 2, "m3"));
        PutResult r = store.putBatch(batch).join();
        assertEquals(PutStatus.PUT_OK, r.status(), r.detail());
        assertEquals(1, r.queueOffset());
        assertEquals(3, r.physicalOffsets().length);
        GetResult got = store.getMessages("Batch", 2, 1, 10, 1 << 20, MessageFilter.ALL);
        assertEquals(3, got.messages().size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expectedRecord(batch.get(i), 1 + i, r.physicalOffsets()[i], STORE_TIME),
                    bytes(got.messages().get(i)));
        }
        assertEquals(4, store.maxQueueOffset("Batch", 2));
    }

    @Test
    public void batchLargerThanAFileIsIllegal() throws Exception {
        MessageStore store = open(new Limits(8192, 1000, Limits.DEFAULT.maxMessageSize()));
        List<BrokerMessage> batch = List.of(message("Batch", 0, "x".repeat(5000)), message("Batch", 0, "y".repeat(5000)));
        PutResult r = store.putBatch(batch).join();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status(), r.detail());
        assertTrue(r.detail().contains("commitLogFileSize"), r.detail());
        assertEquals(0, store.maxQueueOffset("Batch", 0));
    }

    @Test
    public void batchOverTwoQueuesIsIllegal() throws Exception {
        MessageStore store = open();
        PutResult r = store.putBatch(List.of(message("T", 0, "a"), message("T", 1, "b"))).join();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status(), r.detail());
        assertEquals(0, store.maxPhysicalOffset());
    }

    @Test
    public void emptyBatchIsIllegal() throws Exception {
        MessageStore store = open();
        PutResult r = store.putBatch(List.of()).join();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status(), r.detail());
        assertFalse(r.isStored());
        assertEquals(0, store.maxPhysicalOffset());
    }

    @Test
    public void bodyOverMaxMessageSizeIsIllegalAndNamesTheLimit() throws Exception {
        MessageStore store = open(Limits.DEFAULT.withMaxMessageSize(100));
        PutResult r = put(store, message("T", 0, "x".repeat(101)));
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status(), r.detail());
        assertTrue(r.detail().contains("maxMessageSize=100"), r.detail());
        assertTrue(!r.isStored());
    }

    /** The record encoding keeps the properties' length in 2 bytes. */
    @Test
    public void propertiesOverTheRecordLimitAreIllegal() throws Exception {
        MessageStore store = open();
        BrokerMessage m = message("T", 0, "body");
        m.putProperty("BIG", "v".repeat(40_000));
        PutResult r = put(store, m);
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status(), r.detail());
        assertTrue(r.detail().contains("32767"), r.detail());
    }

    /** RocketMQ's topic characters are letters, digits, {@code _ - % |}; queue ids are not negative. */
    @Test
    public void topicThatCannotNameADirectoryIsIllegal() throws Exception {
        MessageStore store = open();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, put(store, message("../evil", 0, "x")).status());
        assertEquals(PutStatus.MESSAGE_ILLEGAL, put(store, message("T", -1, "x")).status());
    }

    @Test
    public void putBeforeStartOrAfterShutdownIsNotAvailable() throws Exception {
        MessageStore store = newUnstartedStore(dir, Limits.DEFAULT, clock);
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(store, message("T", 0, "x")).status());
        store = start(store);
        assertEquals(PutStatus.PUT_OK, put(store, message("T", 0, "x")).status());
        store.shutdown();
        store.shutdown();
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(store, message("T", 0, "y")).status());
    }

    @Test
    public void readStatusesFollowTheOffsetAgainstTheQueue() throws Exception {
        MessageStore store = open();
        assertEquals(GetStatus.NO_MATCHED_LOGIC_QUEUE,
                store.getMessages("T", 0, 0, 1, 1000, MessageFilter.ALL).status());
        for (int i = 0; i < 5; i++) {
            put(store, message("T", 0, "m" + i));
        }
        GetResult one = store.getMessages("T", 0, 5, 1, 1000, MessageFilter.ALL);
        assertEquals(GetStatus.OFFSET_OVERFLOW_ONE, one.status());
        assertEquals(5, one.nextBeginOffset());
        GetResult badly = store.getMessages("T", 0, 9, 1, 1000, MessageFilter.ALL);
        assertEquals(GetStatus.OFFSET_OVERFLOW_BADLY, badly.status());
        assertEquals(5, badly.nextBeginOffset());
        GetResult tooSmall = store.getMessages("T", 0, -1, 1, 1000, MessageFilter.ALL);
        assertEquals(GetStatus.OFFSET_TOO_SMALL, tooSmall.status());
        assertEquals(0, tooSmall.nextBeginOffset());
        GetResult two = store.getMessages("T", 0, 1, 2, 1 << 20, MessageFilter.ALL);
        assertEquals(2, two.messages().size());
        assertEquals(3, two.nextBeginOffset());
        assertEquals(0, two.minOffset());
        assertEquals(5, two.maxOffset());
    }

    @Test
    public void maxBytesLimitsTheReadButReturnsAtLeastOne() throws Exception {
        MessageStore store = open();
        for (int i = 0; i < 5; i++) {
            put(store, message("T", 0, "m" + i));
        }
        assertEquals(1, store.getMessages("T", 0, 0, 32, 1, MessageFilter.ALL).messages().size());
        int size = store.getMessages("T", 0, 0, 1, 1000, MessageFilter.ALL).totalSize();
        assertEquals(2, store.getMessages("T", 0, 0, 32, 2 * size + 1, MessageFilter.ALL).messages().size());
    }

    @Test
    public void maxCountBelowOneStillReadsOne() throws Exception {
        MessageStore store = open();
        put(store, message("T", 0, "a"));
        put(store, message("T", 0, "b"));
        GetResult got = store.getMessages("T", 0, 0, 0, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.FOUND, got.status());
        assertEquals(1, got.messages().size());
        assertEquals(1, got.nextBeginOffset());
    }

    @Test
    public void filterSkipsEntriesAndReportsWhereToGoOn() throws Exception {
        MessageStore store = open();
        put(store, message("T", 0, "a", "TagA"));
        put(store, message("T", 0, "b", "TagA"));
        put(store, message("T", 0, "c", "TagB"));
        long tagB = MessageProperties.tagsCode("TagB");
        GetResult none = store.getMessages("T", 0, 0, 2, 1 << 20, code -> code == 42);
        assertEquals(GetStatus.NO_MATCHED_MESSAGE, none.status());
        assertEquals(3, none.nextBeginOffset());
        GetResult b = store.getMessages("T", 0, 0, 32, 1 << 20, code -> code == tagB);
        assertEquals(GetStatus.FOUND, b.status());
        assertEquals(1, b.messages().size());
        assertEquals(3, b.nextBeginOffset());
        assertEquals("c", new String(StoredMessageCodec.decode(b.messages().get(0).duplicate()).getBody()));
    }

    @Test
    public void readersRacingTheWriterOnlySeeWholeRecords() throws Exception {
        MessageStore store = open(new Limits(64 * 1024, 100, Limits.DEFAULT.maxMessageSize()));
        int total = 3000;
        List<PutResult> failed = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                PutResult r = store.put(message("Race", 0, "r" + i + "-" + "y".repeat(i % 200))).join();
                if (!r.isOk()) {
                    failed.add(r);
                    return;
                }
            }
        });
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long offset = 0;
        while (offset < total) {
            GetResult got = store.getMessages("Race", 0, offset, 64, 1 << 20, MessageFilter.ALL);
            for (ByteBuffer record : got.messages()) {
                StoredMessage m = StoredMessageCodec.decode(record.duplicate(), true);
                assertEquals(offset, m.getQueueOffset());
                assertTrue(new String(m.getBody()).startsWith("r" + offset + "-"));
                offset++;
            }
            if (got.status() != GetStatus.FOUND) {
                assertEquals(List.of(), failed, "the writer's puts failed");
                assertTrue(System.nanoTime() < deadline, "the writer stored " + offset + " of " + total + " in 120 s");
                Thread.onSpinWait();
            }
        }
        writer.join();
        assertEquals(total, store.maxQueueOffset("Race", 0));
    }

    // ---- what consumers ask besides messages: queue ids and offsets by store time ------------

    @Test
    public void queueIdsAreTheQueuesWithConsumeQueues() throws Exception {
        MessageStore store = open();
        for (int q : new int[] {7, 0, 3, 3}) {
            store.put(message("Q", q, "m" + q)).join();
        }
        store.put(message("Other", 1, "x")).join();
        assertEquals(Set.of(0, 3, 7), store.queueIds("Q"));
        assertEquals(List.of(0, 3, 7), List.copyOf(store.queueIds("Q")), "ascending");
        assertEquals(Set.of(1), store.queueIds("Other"));
        assertEquals(Set.of(), store.queueIds("Unknown"));
    }

    @Test
    public void queueIdsSurviveARestart() throws Exception {
        MessageStore store = open();
        assertEquals(PutStatus.PUT_OK, store.put(message("Q", 2, "a")).join().status());
        assertEquals(PutStatus.PUT_OK, store.put(message("Q", 5, "b")).join().status());
        assertEquals(Set.of(2, 5), reopenStore(store).queueIds("Q"));
    }

    private void putAt(MessageStore store, long time, BrokerMessage m) {
        clock.set(time);
        PutResult r = store.put(m).join();
        assertTrue(r.isOk(), r.status() + " " + r.detail());
    }

    /** Offsets 0..4 stored at T0+1000, +2000, +2000, +3000, +4000. */
    private MessageStore fiveMessages() throws Exception {
        MessageStore store = open();
        long[] times = {1000, 2000, 2000, 3000, 4000};
        for (int i = 0; i < times.length; i++) {
            putAt(store, T0 + times[i], message("Time", 0, "m" + i));
        }
        return store;
    }

    @Test
    public void lowerIsTheFirstOffsetStoredAtOrAfterTheTime() throws Exception {
        MessageStore store = fiveMessages();
        assertEquals(1, store.queueOffsetByTime("Time", 0, T0 + 2000, BoundaryType.LOWER));
        assertEquals(3, store.queueOffsetByTime("Time", 0, T0 + 2500, BoundaryType.LOWER));
        assertEquals(0, store.queueOffsetByTime("Time", 0, T0 + 1000, BoundaryType.LOWER));
    }

    @Test
    public void upperIsTheLastOffsetStoredAtOrBeforeTheTime() throws Exception {
        MessageStore store = fiveMessages();
        assertEquals(2, store.queueOffsetByTime("Time", 0, T0 + 2000, BoundaryType.UPPER));
        assertEquals(2, store.queueOffsetByTime("Time", 0, T0 + 2999, BoundaryType.UPPER));
        assertEquals(4, store.queueOffsetByTime("Time", 0, T0 + 4000, BoundaryType.UPPER));
    }

    @Test
    public void timeBeforeEveryMessageGivesTheMinOffsetBothWays() throws Exception {
        MessageStore store = fiveMessages();
        assertEquals(0, store.queueOffsetByTime("Time", 0, T0 - 60_000, BoundaryType.LOWER));
        assertEquals(0, store.queueOffsetByTime("Time", 0, T0 - 60_000, BoundaryType.UPPER), "all newer: min");
    }

    @Test
    public void timeAfterEveryMessageGivesMaxForLowerAndTheLastForUpper() throws Exception {
        MessageStore store = fiveMessages();
        assertEquals(5, store.queueOffsetByTime("Time", 0, T0 + 9000, BoundaryType.LOWER), "all older: max");
        assertEquals(4, store.queueOffsetByTime("Time", 0, T0 + 9000, BoundaryType.UPPER));
    }

    @Test
    public void unknownQueueGivesZero() throws Exception {
        MessageStore store = fiveMessages();
        assertEquals(0, store.queueOffsetByTime("Time", 1, T0 + 2000, BoundaryType.LOWER));
        assertEquals(0, store.queueOffsetByTime("Nope", 0, T0 + 2000, BoundaryType.UPPER));
    }

    /** Small log files and 4 entries per queue file: an engine that keeps files searches across them. */
    @Test
    public void searchCrossesConsumeQueueAndCommitLogFiles() throws Exception {
        MessageStore store = open(new Limits(8192, 4, Limits.DEFAULT.maxMessageSize()));
        for (int i = 0; i < 40; i++) {
            putAt(store, T0 + i * 10L, message("Many", 0, "m" + i + "-" + "x".repeat(500)));
        }
        assertTrue(store.maxPhysicalOffset() > 2 * 8192, "several commit-log files");
        for (int i = 0; i < 40; i++) {
            long t = T0 + i * 10L;
            assertEquals(i, store.queueOffsetByTime("Many", 0, t, BoundaryType.LOWER));
            assertEquals(i, store.queueOffsetByTime("Many", 0, t - 5, BoundaryType.LOWER));
            assertEquals(i, store.queueOffsetByTime("Many", 0, t, BoundaryType.UPPER));
            assertEquals(i, store.queueOffsetByTime("Many", 0, t + 5, BoundaryType.UPPER));
        }
    }

    /** An IPv6 born host makes the record's fields before the store time longer. */
    @Test
    public void storeTimeIsFoundBehindAnIpv6BornHost() throws Exception {
        MessageStore store = open();
        for (int i = 0; i < 6; i++) {
            BrokerMessage m = message("V6", 0, "m" + i);
            m.setBornHost(new InetSocketAddress("::1", 40000));
            putAt(store, T0 + i * 1000L, m);
        }
        assertEquals(3, store.queueOffsetByTime("V6", 0, T0 + 2500, BoundaryType.LOWER));
        assertEquals(2, store.queueOffsetByTime("V6", 0, T0 + 2500, BoundaryType.UPPER));
    }

    // ---- the arrival listener (long polling) -----------------------------------------------

    /** One arrival as the listener heard it. */
    protected record Arrival(String topic, int queueId, long queueOffset, long tagsCode) {
    }

    /** Records every arrival the store tells of into {@code arrivals} (and its thread into {@code threads}). */
    protected static void record(MessageStore store, List<Arrival> arrivals, List<Thread> threads) {
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            arrivals.add(new Arrival(topic, queueId, queueOffset, tagsCode));
            threads.add(Thread.currentThread());
        });
    }

    /** The listener has heard of a message by the time its put completes. */
    @Test
    public void calledOncePerMessageWithItsQueueOffsetAndTag() throws Exception {
        MessageStore store = open();
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        record(store, arrivals, threads);
        store.put(message("A", 0, "a0", "TagA")).join();
        store.put(message("A", 0, "a1", "TagB")).join();
        store.put(message("A", 2, "b0", null)).join();
        assertEquals(List.of(
                new Arrival("A", 0, 0, MessageProperties.tagsCode("TagA")),
                new Arrival("A", 0, 1, MessageProperties.tagsCode("TagB")),
                new Arrival("A", 2, 0, 0)), arrivals);
        assertToldOnTheAppendingThread(threads);
    }

    @Test
    public void batchTellsEachMessageWithConsecutiveOffsets() throws Exception {
        MessageStore store = open();
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        record(store, arrivals, new CopyOnWriteArrayList<>());
        store.put(message("B", 1, "first")).join();
        PutResult r = store.putBatch(List.of(message("B", 1, "m1", "X"), message("B", 1, "m2", "Y"),
                message("B", 1, "m3", "Z"))).join();
        assertEquals(1, r.queueOffset());
        assertEquals(List.of(0L, 1L, 2L, 3L), arrivals.stream().map(Arrival::queueOffset).toList());
        assertEquals(MessageProperties.tagsCode("Y"), arrivals.get(2).tagsCode());
    }

    @Test
    public void theMessageIsReadableWhenTheListenerHearsOfIt() throws Exception {
        MessageStore store = open();
        List<GetStatus> seen = new CopyOnWriteArrayList<>();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) ->
                seen.add(store.getMessages(topic, queueId, queueOffset, 1, 1 << 20, MessageFilter.ALL).status()));
        store.put(message("R", 0, "x")).join();
        store.putBatch(List.of(message("R", 0, "y"), message("R", 0, "z"))).join();
        assertEquals(List.of(GetStatus.FOUND, GetStatus.FOUND, GetStatus.FOUND), seen);
    }

    /** While the listener runs, another thread's put goes through: the store holds no lock puts need. */
    @Test
    public void calledOutsideTheAppendLock() throws Exception {
        MessageStore store = open();
        List<PutResult> fromOtherThread = new CopyOnWriteArrayList<>();
        List<Throwable> listenerFailures = new CopyOnWriteArrayList<>();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            if (topic.equals("Outer")) { // another thread can append meanwhile: the lock is free
                try {
                    fromOtherThread.add(CompletableFuture.supplyAsync(() -> store.put(message("Inner", 0, "i")).join())
                            .get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    listenerFailures.add(new AssertionError("the listener runs under the append lock", e));
                }
            }
        });
        assertEquals(PutStatus.PUT_OK, store.put(message("Outer", 0, "o")).join().status());
        assertEquals(List.of(), listenerFailures);
        assertEquals(1, fromOtherThread.size());
        assertEquals(PutStatus.PUT_OK, fromOtherThread.get(0).status());
    }

    @Test
    public void aThrowingListenerDoesNotFailPuts() throws Exception {
        MessageStore store = open();
        AtomicInteger told = new AtomicInteger();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            told.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        for (int i = 0; i < 5; i++) {
            assertEquals(PutStatus.PUT_OK, store.put(message("T", 0, "m" + i)).join().status());
        }
        assertEquals(PutStatus.PUT_OK, store.putBatch(List.of(message("T", 0, "b1"), message("T", 0, "b2"))).join()
                .status());
        assertEquals(7, store.maxQueueOffset("T", 0));
        assertEquals(7, told.get(), "the listener was told of every message though it threw each time");
        assertEquals(7, store.getMessages("T", 0, 0, 32, 1 << 20, MessageFilter.ALL).messages().size());
    }

    @Test
    public void nullListenerStopsNotifications() throws Exception {
        MessageStore store = open();
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        record(store, arrivals, new CopyOnWriteArrayList<>());
        store.put(message("N", 0, "a")).join();
        store.setArrivalListener(null);
        store.put(message("N", 0, "b")).join();
        assertEquals(1, arrivals.size());
    }

    @Test
    public void failedPutTellsNothing() throws Exception {
        MessageStore store = open();
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        record(store, arrivals, new CopyOnWriteArrayList<>());
        assertEquals(PutStatus.MESSAGE_ILLEGAL, store.put(message("../bad", 0, "x")).join().status());
        assertTrue(arrivals.isEmpty());
    }
}

package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.store.IndexQueryResult;
import org.skiffmq.api.store.MessageIndex;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;

/** The mmap store's message index: lookups by key and unique key, across restarts, crashes and retention. */
class MessageIndexTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long ALL_TIME = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<MmapMessageStore> opened = new ArrayList<>();

    @AfterEach
    void shutdownAll() {
        opened.forEach(MmapMessageStore::shutdown);
    }

    private MmapStoreConfig config(int indexEntries) {
        return TestMessages.config(dir, 64 * 1024, 1000).withRetention(72, 0.99, 3_600_000)
                .withIndexEntriesPerFile(indexEntries);
    }

    private MmapMessageStore open(int indexEntries) throws IOException {
        MmapMessageStore store = new MmapMessageStore(config(indexEntries), clock, FsyncHook.NONE,
                new FakeDisk(1L << 40, 1L << 39));
        opened.add(store);
        store.start();
        return store;
    }

    private static BrokerMessage keyed(String topic, String keys, String body) {
        BrokerMessage m = message(topic, 0, body);
        m.putProperty(MessageProperties.KEYS, keys);
        return m;
    }

    private static PutResult put(MmapMessageStore store, BrokerMessage m) {
        PutResult r = store.put(m).join();
        assertTrue(r.isOk(), r.toString());
        return r;
    }

    /** Waits until the index thread has read the whole commit log. */
    private static MessageIndex caughtUp(MmapMessageStore store) throws InterruptedException {
        long end = store.maxPhysicalOffset();
        for (int i = 0; i < 1000 && store.indexService().position() < end; i++) {
            Thread.sleep(10);
        }
        assertEquals(end, store.indexService().position(), "the index caught up with the commit log");
        return store.index().orElseThrow();
    }

    private static List<String> bodies(IndexQueryResult r) {
        return r.messages().stream().map(m -> new String(m.getBody())).toList();
    }

    @Test
    void findsMessagesByEachKeyAndByUniqueKeyNewestFirst() throws Exception {
        MmapMessageStore store = open(1000);
        put(store, keyed("Orders", "order-1 customer-7", "first"));
        put(store, keyed("Orders", "order-2 customer-7", "second"));
        put(store, keyed("Other", "order-1", "other topic"));
        BrokerMessage unique = keyed("Orders", "order-3", "third");
        put(store, unique);
        MessageIndex index = caughtUp(store);

        assertEquals(List.of("first"), bodies(index.query("Orders", "order-1", 10, 0, ALL_TIME)));
        assertEquals(List.of("second", "first"), bodies(index.query("Orders", "customer-7", 10, 0, ALL_TIME)));
        assertEquals(List.of("second"), bodies(index.query("Orders", "customer-7", 1, 0, ALL_TIME)));
        assertEquals(List.of("other topic"), bodies(index.query("Other", "order-1", 10, 0, ALL_TIME)));
        String uniq = unique.getProperty(MessageProperties.UNIQ_KEY);
        assertEquals(List.of("third"), bodies(index.query("Orders", uniq, 10, 0, ALL_TIME)));
        assertEquals(List.of(), bodies(index.query("Orders", "order-9", 10, 0, ALL_TIME)));
        assertEquals(List.of(), bodies(index.query("Orders", "order", 10, 0, ALL_TIME)), "no prefix matches");
        IndexQueryResult r = index.query("Orders", "order-1", 10, 0, ALL_TIME);
        assertEquals(T0, r.lastUpdateTimestamp());
        assertEquals(store.maxPhysicalOffset(), r.lastUpdatePhysicalOffset());
    }

    @Test
    void timeRangeSelectsByStoreTime() throws Exception {
        MmapMessageStore store = open(1000);
        put(store, keyed("T", "k", "at T0"));
        clock.advance(Duration.ofHours(1));
        put(store, keyed("T", "k", "an hour later"));
        MessageIndex index = caughtUp(store);

        long hour = Duration.ofHours(1).toMillis();
        assertEquals(List.of("at T0"), bodies(index.query("T", "k", 10, T0, T0 + hour - 1)));
        assertEquals(List.of("an hour later"), bodies(index.query("T", "k", 10, T0 + 1, ALL_TIME)));
        assertEquals(List.of(), bodies(index.query("T", "k", 10, 0, T0 - 1)));
        assertThrows(IllegalArgumentException.class, () -> index.query("T", "k", 10, T0 + 1, T0));
        assertThrows(IllegalArgumentException.class, () -> index.query("T", "k", 0, 0, ALL_TIME));
        assertThrows(IllegalArgumentException.class, () -> index.query("T", "", 1, 0, ALL_TIME));
    }

    @Test
    void aFullFileGoesOnInTheNextAndOldKeysStayFindable() throws Exception {
        MmapMessageStore store = open(1000);
        for (int i = 0; i < 1500; i++) {
            put(store, keyed("Many", "key-" + i + " every", "m" + i));
        }
        MessageIndex index = caughtUp(store);

        assertTrue(indexFiles().size() >= 3, "3 entries per message fill several files of 1000: " + indexFiles());
        assertEquals(List.of("m0"), bodies(index.query("Many", "key-0", 10, 0, ALL_TIME)));
        assertEquals(List.of("m1499"), bodies(index.query("Many", "key-1499", 10, 0, ALL_TIME)));
        assertEquals(64, index.query("Many", "every", 64, 0, ALL_TIME).messages().size());
        assertEquals("m1499", bodies(index.query("Many", "every", 64, 0, ALL_TIME)).get(0));
    }

    @Test
    void survivesACleanRestartWithoutIndexingTwice() throws Exception {
        MmapMessageStore store = open(1000);
        put(store, keyed("R", "k", "before"));
        caughtUp(store);
        store.shutdown();

        MmapMessageStore again = open(1000);
        put(again, keyed("R", "k", "after"));
        MessageIndex index = caughtUp(again);
        assertEquals(List.of("after", "before"), bodies(index.query("R", "k", 10, 0, ALL_TIME)));
    }

    @Test
    void recordsWrittenAfterTheLastIndexFlushAreIndexedAgainAtStart() throws Exception {
        MmapMessageStore store = open(1000);
        put(store, keyed("C", "k", "flushed"));
        caughtUp(store);
        store.indexService().flush();
        Path file = indexFiles().get(0);
        byte[] flushedHeader = readHeader(file);
        put(store, keyed("C", "k", "indexed, header not flushed"));
        caughtUp(store);
        store.shutdown();
        // As after a kill between two index flushes: the header still counts only the first entry.
        writeHeader(file, flushedHeader);

        MessageIndex index = caughtUp(open(1000));
        assertEquals(List.of("indexed, header not flushed", "flushed"), bodies(index.query("C", "k", 10, 0, ALL_TIME)));
    }

    @Test
    void aDamagedOrMissingIndexIsRebuiltFromTheCommitLog() throws Exception {
        MmapMessageStore store = open(1000);
        for (int i = 0; i < 500; i++) {
            put(store, keyed("D", "k" + i, "m" + i));
        }
        caughtUp(store);
        store.shutdown();
        Path first = indexFiles().get(0);
        byte[] header = readHeader(first);
        header[20] ^= 1; // the CRC no longer matches
        writeHeader(first, header);

        MmapMessageStore rebuilt = open(1000);
        MessageIndex index = caughtUp(rebuilt);
        assertEquals(List.of("m0"), bodies(index.query("D", "k0", 10, 0, ALL_TIME)));
        assertEquals(List.of("m499"), bodies(index.query("D", "k499", 10, 0, ALL_TIME)));
        rebuilt.shutdown();

        for (Path p : indexFiles()) {
            Files.delete(p);
        }
        index = caughtUp(open(1000));
        assertEquals(List.of("m250"), bodies(index.query("D", "k250", 10, 0, ALL_TIME)));
    }

    @Test
    void entriesPastARecoveredLogEndAreDropped() throws Exception {
        MmapMessageStore store = open(1000);
        put(store, keyed("E", "k", "kept"));
        long cut = put(store, keyed("E", "k", "torn")).physicalOffsets()[0];
        caughtUp(store);
        store.shutdown();
        // A power cut took the last record's bytes but the index had it.
        Path log = dir.resolve("commitlog").resolve(FileNames.of(0));
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(64), cut);
        }
        Files.deleteIfExists(dir.resolve("checkpoint"));

        MmapMessageStore recovered = open(1000);
        assertEquals(cut, recovered.maxPhysicalOffset());
        put(recovered, keyed("E", "other", "written where the torn one was"));
        MessageIndex index = caughtUp(recovered);
        assertEquals(List.of("kept"), bodies(index.query("E", "k", 10, 0, ALL_TIME)));
        assertEquals(List.of("written where the torn one was"), bodies(index.query("E", "other", 10, 0, ALL_TIME)));
    }

    @Test
    void retentionTakesIndexFilesWhoseRecordsAreGone() throws Exception {
        MmapMessageStore store = open(1000);
        String body = "x".repeat(2000);
        for (int i = 0; i < 1200; i++) {
            put(store, keyed("Old", "old-" + i, body));
        }
        caughtUp(store);
        int before = indexFiles().size();
        assertTrue(before >= 2, "the test needs several index files: " + before);
        clock.advance(Duration.ofHours(73));
        put(store, keyed("New", "new", "new"));
        assertTrue(store.retention().runOnce() > 0, "old commit-log files were deleted");
        while (store.retention().runOnce() > 0) {
            // a pass deletes a bounded number of files
        }
        MessageIndex index = caughtUp(store);
        store.indexService().clean();

        assertEquals(1, indexFiles().size(), "only the file still pointing into the log is left");
        assertEquals(List.of(), bodies(index.query("Old", "old-0", 10, 0, ALL_TIME)), "its record is gone");
        assertEquals(List.of("new"), bodies(index.query("New", "new", 10, 0, ALL_TIME)));
    }

    @Test
    void noIndexWhenTurnedOff() throws Exception {
        MmapMessageStore store = open(0);
        put(store, keyed("N", "k", "m"));
        assertTrue(store.index().isEmpty());
        assertFalse(Files.exists(dir.resolve("index")));
    }

    @Test
    void aMessageWithoutKeysStillMovesTheIndexOn() throws Exception {
        MmapMessageStore store = open(1000);
        BrokerMessage plain = message("P", 0, "no keys");
        plain.removeProperty(MessageProperties.UNIQ_KEY);
        put(store, plain);
        put(store, keyed("P", "k", "keyed"));
        MessageIndex index = caughtUp(store);
        assertEquals(List.of("keyed"), bodies(index.query("P", "k", 10, 0, ALL_TIME)));
        StoredMessage found = index.query("P", "k", 10, 0, ALL_TIME).messages().get(0);
        assertEquals("P", found.getTopic());
    }

    private List<Path> indexFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            return s.sorted().toList();
        }
    }

    private static byte[] readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(IndexFile.HEADER_SIZE);
            ch.read(b, 0);
            return b.array();
        }
    }

    private static void writeHeader(Path file, byte[] header) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(header), 0);
        }
    }
}

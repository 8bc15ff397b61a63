package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.STORE_TIME;
import static org.skiffmq.store.mmap.internal.TestMessages.bytes;
import static org.skiffmq.store.mmap.internal.TestMessages.expectedRecord;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;

/** Restart on the same directory, after clean shutdowns and after damage done between runs. */
class RecoveryTest {
    private static final int FILE_SIZE = 64 * 1024;

    @TempDir
    Path dir;

    private final List<MmapMessageStore> opened = new ArrayList<>();

    @AfterEach
    void shutdownAll() {
        opened.forEach(MmapMessageStore::shutdown);
    }

    private MmapStoreConfig config() {
        return TestMessages.config(dir, FILE_SIZE, 50);
    }

    private MmapMessageStore open() throws IOException {
        MmapMessageStore store = new MmapMessageStore(config(), CLOCK);
        opened.add(store);
        store.start();
        return store;
    }

    /** Writes {@code n} messages over queues 0 and 1 of "R" and shuts down; returns them with their results. */
    private List<Object[]> writeAndClose(int n) throws IOException {
        MmapMessageStore store = open();
        List<Object[]> written = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BrokerMessage m = message("R", i % 2, "message-" + i + "-" + "p".repeat(i % 300));
            PutResult r = store.put(m).join();
            assertEquals(PutStatus.PUT_OK, r.status());
            written.add(new Object[] {m, r});
        }
        store.shutdown();
        return written;
    }

    private static void assertAllReadable(MmapMessageStore store, List<Object[]> written) {
        for (Object[] w : written) {
            BrokerMessage m = (BrokerMessage) w[0];
            PutResult r = (PutResult) w[1];
            GetResult got = store.getMessages("R", m.getQueueId(), r.queueOffset(), 1, 1 << 20, MessageFilter.ALL);
            assertEquals(GetStatus.FOUND, got.status(), "queue offset " + r.queueOffset());
            assertArrayEquals(expectedRecord(m, r.queueOffset(), r.physicalOffsets()[0], STORE_TIME),
                    bytes(got.messages().get(0)));
        }
    }

    private Path commitLogFile(long start) {
        return dir.resolve("commitlog").resolve(FileNames.of(start));
    }

    @Test
    void restartReadsEverythingAndContinuesTheOffsets() throws IOException {
        List<Object[]> written = writeAndClose(400);
        MmapMessageStore store = open();
        assertAllReadable(store, written);
        assertEquals(200, store.maxQueueOffset("R", 0));
        assertEquals(200, store.maxQueueOffset("R", 1));
        long end = store.maxPhysicalOffset();
        PutResult next = store.put(message("R", 0, "after restart")).join();
        assertEquals(200, next.queueOffset());
        assertEquals(end, next.physicalOffsets()[0]);
    }

    @Test
    void cleanShutdownRemovesTheAbortMarker() throws IOException {
        MmapMessageStore store = open();
        assertTrue(Files.exists(dir.resolve("abort")));
        store.shutdown();
        assertFalse(Files.exists(dir.resolve("abort")));
        assertTrue(Files.exists(dir.resolve("checkpoint")));
    }

    @Test
    void garbageAfterTheLastRecordIsCutAndAppendsContinue() throws IOException {
        List<Object[]> written = writeAndClose(50);
        PutResult last = (PutResult) written.get(written.size() - 1)[1];
        BrokerMessage lastMessage = (BrokerMessage) written.get(written.size() - 1)[0];
        long end = last.physicalOffsets()[0] + StoredMessageCodec.prepare(lastMessage, true).totalSize();
        try (FileChannel ch = FileChannel.open(commitLogFile(end - end % FILE_SIZE), StandardOpenOption.WRITE)) {
            ByteBuffer garbage = ByteBuffer.allocate(300);
            garbage.putInt(0, 200).putInt(4, StoredMessageCodec.MAGIC_V1).putInt(8, 12345);
            ch.write(garbage, end % FILE_SIZE);
        }
        MmapMessageStore store = open();
        assertEquals(end, store.maxPhysicalOffset());
        assertAllReadable(store, written);
        PutResult after = store.put(message("R", 0, "after garbage")).join();
        assertEquals(end, after.physicalOffsets()[0]);
        assertEquals(25, after.queueOffset());
        store.shutdown();
        MmapMessageStore again = open();
        assertEquals("after garbage", new String(again.readMessage(end).getBody()));
    }

    @Test
    void recordTornByTruncationIsCutWithItsConsumeQueueEntry() throws IOException {
        List<Object[]> written = writeAndClose(30);
        PutResult last = (PutResult) written.get(written.size() - 1)[1];
        long lastStart = last.physicalOffsets()[0];
        long fileStart = lastStart - lastStart % FILE_SIZE;
        try (FileChannel ch = FileChannel.open(commitLogFile(fileStart), StandardOpenOption.WRITE)) {
            ch.truncate(lastStart - fileStart + 40);
        }
        MmapMessageStore store = open();
        assertEquals(lastStart, store.maxPhysicalOffset());
        assertAllReadable(store, written.subList(0, written.size() - 1));
        BrokerMessage lastMessage = (BrokerMessage) written.get(written.size() - 1)[0];
        assertEquals(last.queueOffset(), store.maxQueueOffset("R", lastMessage.getQueueId()));
        assertEquals(FILE_SIZE, Files.size(commitLogFile(fileStart)));
        PutResult again = store.put(lastMessage).join();
        assertEquals(last.queueOffset(), again.queueOffset());
        assertEquals(lastStart, again.physicalOffsets()[0]);
    }

    @Test
    void corruptBodyInTheMiddleCutsTheLogThere() throws IOException {
        List<Object[]> written = writeAndClose(20);
        PutResult tenth = (PutResult) written.get(10)[1];
        long at = tenth.physicalOffsets()[0];
        try (FileChannel ch = FileChannel.open(commitLogFile(at - at % FILE_SIZE), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'#'}), at % FILE_SIZE + 92); // a body byte
        }
        MmapMessageStore store = open();
        assertEquals(at, store.maxPhysicalOffset());
        assertAllReadable(store, written.subList(0, 10));
        assertEquals(5, store.maxQueueOffset("R", 0));
        assertEquals(5, store.maxQueueOffset("R", 1));
    }

    /**
     * A kill while a record was being copied in: its header and body are whole (BODYCRC matches),
     * its properties end in zeros. Recovery must not keep it: a consumer would read a message the
     * producer never had acknowledged, without its keys.
     */
    @Test
    void recordTornInsideItsPropertiesIsCut() throws IOException {
        List<Object[]> written = writeAndClose(30);
        PutResult last = (PutResult) written.get(written.size() - 1)[1];
        BrokerMessage lastMessage = (BrokerMessage) written.get(written.size() - 1)[0];
        long lastStart = last.physicalOffsets()[0];
        int size = StoredMessageCodec.prepare(lastMessage, true).totalSize();
        try (FileChannel ch = FileChannel.open(commitLogFile(lastStart - lastStart % FILE_SIZE), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(StoredMessageCodec.RECORD_CRC_LENGTH + 10), lastStart % FILE_SIZE + size
                    - StoredMessageCodec.RECORD_CRC_LENGTH - 10);
        }
        MmapMessageStore store = open();
        assertEquals(lastStart, store.maxPhysicalOffset());
        assertEquals(last.queueOffset(), store.maxQueueOffset("R", lastMessage.getQueueId()));
        assertAllReadable(store, written.subList(0, written.size() - 1));
        PutResult again = store.put(lastMessage).join();
        assertEquals(lastStart, again.physicalOffsets()[0]);
    }

    /** A topic byte changed after the write: BODYCRC still matches, the record CRC does not. */
    @Test
    void damagedTopicCutsTheLogThere() throws IOException {
        List<Object[]> written = writeAndClose(20);
        BrokerMessage tenthMessage = (BrokerMessage) written.get(10)[0];
        long at = ((PutResult) written.get(10)[1]).physicalOffsets()[0];
        int topicAt = 88 + tenthMessage.getBody().length + 1; // IPv4 hosts: body length at 84, then body, topic length
        try (FileChannel ch = FileChannel.open(commitLogFile(at - at % FILE_SIZE), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'Q'}), at % FILE_SIZE + topicAt);
        }
        MmapMessageStore store = open();
        assertEquals(at, store.maxPhysicalOffset());
        assertAllReadable(store, written.subList(0, 10));
        assertEquals(5, store.maxQueueOffset("R", 0));
    }

    @Test
    void aNewStoreSaysItsRecordsCarryACrc() throws IOException {
        open().shutdown();
        assertEquals("records: crc32\n", Files.readString(dir.resolve(RecordFormat.FILE)));
    }

    @Test
    void aFormatThisVersionDoesNotKnowIsRefused() throws IOException {
        open().shutdown();
        Files.writeString(dir.resolve(RecordFormat.FILE), "records: sha512\n");
        MmapMessageStore store = new MmapMessageStore(config(), CLOCK);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, store::start);
        assertTrue(e.getMessage().contains("sha512"), e.getMessage());
    }

    @Test
    void deletedConsumeQueueIsRebuiltFromTheCommitLog() throws IOException {
        List<Object[]> written = writeAndClose(400); // several commit-log files
        deleteTree(dir.resolve("consumequeue"));
        MmapMessageStore store = open();
        assertEquals(200, store.maxQueueOffset("R", 0));
        assertAllReadable(store, written);
    }

    @Test
    void laggingConsumeQueueIsRebuilt() throws IOException {
        List<Object[]> written = writeAndClose(40);
        Path queueFile = dir.resolve("consumequeue").resolve("R").resolve("0").resolve(FileNames.of(0));
        try (FileChannel ch = FileChannel.open(queueFile, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(20 * 10), 20 * 10); // entries 10..19 lost
        }
        MmapMessageStore store = open();
        assertEquals(20, store.maxQueueOffset("R", 0));
        assertAllReadable(store, written);
    }

    @Test
    void consumeQueueEntriesPastTheLogEndAreDropped() throws IOException {
        List<Object[]> written = writeAndClose(10);
        try (FileChannel ch = FileChannel.open(commitLogFile(0), StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        MmapMessageStore store = open();
        assertEquals(0, store.maxPhysicalOffset());
        assertEquals(0, store.maxQueueOffset("R", 0));
        assertEquals(GetStatus.NO_MESSAGE_IN_QUEUE,
                store.getMessages("R", 0, 0, 1, 1000, MessageFilter.ALL).status());
        assertEquals(0, store.put((BrokerMessage) written.get(0)[0]).join().queueOffset());
    }

    @Test
    void consumeQueueSpanningSeveralFilesSurvivesRestart() throws IOException {
        List<Object[]> written = writeAndClose(230); // 115 entries per queue, 50 per file
        assertTrue(Files.exists(dir.resolve("consumequeue/R/0/00000000000000002000")));
        MmapMessageStore store = open();
        assertEquals(115, store.maxQueueOffset("R", 0));
        assertAllReadable(store, written);
    }

    /** A power cut can leave anything in consume-queue slots never flushed, a negative offset included. */
    @Test
    void tornConsumeQueueTailIsDropped() throws IOException {
        List<Object[]> written = writeAndClose(10); // R/0 holds queue offsets 0..4
        try (FileChannel ch = FileChannel.open(dir.resolve("consumequeue/R/0").resolve(FileNames.of(0)),
                StandardOpenOption.WRITE)) {
            ByteBuffer torn = ByteBuffer.allocate(3 * ConsumeQueue.ENTRY_SIZE);
            torn.putLong(0, -123_456_789L).putInt(8, 77);
            torn.putLong(40, -987_654_321L).putInt(48, 1000); // offset + size "inside" the log
            ch.write(torn, 5L * ConsumeQueue.ENTRY_SIZE);
        }
        MmapMessageStore store = open();
        assertEquals(5, store.maxQueueOffset("R", 0));
        assertAllReadable(store, written);
        assertEquals(5, store.put(message("R", 0, "after the torn tail")).join().queueOffset());
    }

    /**
     * Entries not flushed before a power cut, whose records retention has since deleted: the
     * queue goes on at the first record still in the log instead of keeping a gap for good.
     */
    @Test
    void lostEntriesOfDeletedRecordsDoNotHideTheRecordsAfterThem() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        MmapStoreConfig c = TestMessages.config(dir, 8192, 50).withRetention(1, 0.99, 3_600_000);
        MmapMessageStore store = new MmapMessageStore(c, clock, FsyncHook.NONE, new FakeDisk(1L << 40, 1L << 39));
        store.start();
        List<PutResult> results = new ArrayList<>();
        try {
            for (int i = 0; i < 18; i++) {
                if (i == 12) {
                    clock.advance(java.time.Duration.ofHours(2));
                }
                results.add(store.put(message("L", 0, "m" + i + "-" + "x".repeat(1000))).join());
            }
            assertTrue(store.retention().runOnce() > 0);
        } finally {
            store.shutdown();
        }
        long logMin;
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            logMin = files.mapToLong(p -> FileNames.parse(p.getFileName().toString())).min().orElseThrow();
        }
        int lost = 0;
        while (results.get(lost + 1).physicalOffsets()[0] < logMin) {
            lost++;
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("consumequeue/L/0").resolve(FileNames.of(0)),
                StandardOpenOption.WRITE)) { // entries from the last deleted record on never reached the disk
            ch.write(ByteBuffer.allocate((50 - lost) * ConsumeQueue.ENTRY_SIZE), (long) lost * ConsumeQueue.ENTRY_SIZE);
        }
        Files.delete(dir.resolve("checkpoint"));

        MmapMessageStore recovered = new MmapMessageStore(c, clock, FsyncHook.NONE, new FakeDisk(1L << 40, 1L << 39));
        opened.add(recovered);
        recovered.start();
        assertEquals(18, recovered.maxQueueOffset("L", 0));
        for (int q = lost + 1; q < 18; q++) {
            GetResult got = recovered.getMessages("L", 0, q, 1, 1 << 20, MessageFilter.ALL);
            assertEquals(GetStatus.FOUND, got.status(), "queue offset " + q);
            assertEquals(q, StoredMessageCodec.decode(got.messages().get(0).duplicate()).getQueueOffset());
        }
        assertEquals(18, recovered.put(message("L", 0, "next")).join().queueOffset());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

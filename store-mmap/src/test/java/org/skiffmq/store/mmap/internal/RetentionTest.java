package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.bytes;
import static org.skiffmq.store.mmap.internal.TestMessages.expectedRecord;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;

/**
 * Retention: commit-log files past their time or over the disk ratio go, their consume-queue
 * entries follow, consumers are told the new min offset, and readers holding old slices are safe.
 */
class RetentionTest {
    private static final int FILE_SIZE = 8192;
    private static final int ENTRIES_PER_FILE = 4;
    private static final long T0 = 1_700_000_000_000L;
    private static final String BODY = "x".repeat(900);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final FakeDisk disk = new FakeDisk(1_000_000_000L, 900_000_000L);
    private final List<MmapMessageStore> opened = new ArrayList<>();
    private final List<BrokerMessage> old = new ArrayList<>();
    private final List<PutResult> oldResults = new ArrayList<>();

    @AfterEach
    void shutdownAll() {
        opened.forEach(MmapMessageStore::shutdown);
    }

    private MmapStoreConfig config(long cleanIntervalMillis) {
        return TestMessages.config(dir, FILE_SIZE, ENTRIES_PER_FILE).withRetention(72, 0.75, cleanIntervalMillis);
    }

    private MmapMessageStore open() throws IOException {
        return open(config(3_600_000)); // the thread stays out of the way; tests run passes themselves
    }

    private MmapMessageStore open(MmapStoreConfig config) throws IOException {
        return open(config, disk);
    }

    private MmapMessageStore open(MmapStoreConfig config, DiskSpace diskSpace) throws IOException {
        MmapMessageStore store = new MmapMessageStore(config, clock, FsyncHook.NONE, diskSpace);
        opened.add(store);
        store.start();
        return store;
    }

    /** At T0: 3 messages of "Gone"/0, then 30 of "Old"/0 (about five commit-log files). */
    private void writeOld(MmapMessageStore store) {
        for (int i = 0; i < 3; i++) {
            assertTrue(store.put(message("Gone", 0, "gone" + i)).join().isOk());
        }
        for (int i = 0; i < 30; i++) {
            BrokerMessage m = message("Old", 0, BODY + i);
            PutResult r = store.put(m).join();
            assertTrue(r.isOk());
            old.add(m);
            oldResults.add(r);
        }
    }

    /** 73 hours later, one more message of "Old"/0; returns its physical offset. */
    private long writeNewAfterRetention(MmapMessageStore store) {
        clock.advance(Duration.ofHours(73));
        PutResult r = store.put(message("Old", 0, "new")).join();
        assertEquals(30, r.queueOffset());
        return r.physicalOffsets()[0];
    }

    private Path commitLogFile(long start) {
        return dir.resolve("commitlog").resolve(FileNames.of(start));
    }

    private int commitLogFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            return (int) files.count();
        }
    }

    /** The first "Old" queue offset whose record starts at or after {@code logMin}. */
    private long firstOldAtOrAfter(long logMin) {
        for (int i = 0; i < oldResults.size(); i++) {
            if (oldResults.get(i).physicalOffsets()[0] >= logMin) {
                return i;
            }
        }
        return oldResults.size();
    }

    private void assertOldReadableFrom(MmapMessageStore store, long from) {
        GetResult got = store.getMessages("Old", 0, from, 100, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.FOUND, got.status());
        for (int i = 0; i < 30 - from; i++) {
            int q = (int) from + i;
            assertArrayEquals(expectedRecord(old.get(q), q, oldResults.get(q).physicalOffsets()[0], T0),
                    bytes(got.messages().get(i)), "queue offset " + q);
        }
    }

    @Test
    void filesPastRetentionAreDeletedButNeverTheCurrentOne() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        long newPhys = writeNewAfterRetention(store);
        long current = newPhys - newPhys % FILE_SIZE;
        assertTrue(current >= 3 * FILE_SIZE, "the test needs several files");

        int deleted = store.retention().runOnce();

        assertEquals(current / FILE_SIZE, deleted);
        for (long start = 0; start < current; start += FILE_SIZE) {
            assertFalse(Files.exists(commitLogFile(start)), "deleted " + start);
        }
        assertTrue(Files.exists(commitLogFile(current)));
        assertEquals(0, store.retention().runOnce(), "nothing more is due");
    }

    @Test
    void nothingGoesBeforeItsTime() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        clock.advance(Duration.ofHours(71));
        store.put(message("Old", 0, "new")).join();
        int files = commitLogFiles();
        assertEquals(0, store.retention().runOnce());
        assertTrue(commitLogFiles() >= files, "nothing deleted (the allocator may have added the next file)");
        assertEquals(0, store.minQueueOffset("Old", 0));
    }

    @Test
    void minOffsetMovesToTheFirstEntryWhoseRecordExists() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        long newPhys = writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = firstOldAtOrAfter(newPhys - newPhys % FILE_SIZE);
        assertTrue(min > 0);
        assertEquals(min, store.minQueueOffset("Old", 0));
        assertEquals(31, store.maxQueueOffset("Old", 0));
        assertEquals(3, store.minQueueOffset("Gone", 0), "every entry went: min = max");
        assertEquals(3, store.maxQueueOffset("Gone", 0));
    }

    @Test
    void consumeQueueFilesWhollyBelowTheMinGoButTheLastStays() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        Path queueDir = dir.resolve("consumequeue/Old/0");
        long firstKept = min / ENTRIES_PER_FILE * ENTRIES_PER_FILE * ConsumeQueue.ENTRY_SIZE;
        for (long start = 0; start < firstKept; start += ENTRIES_PER_FILE * ConsumeQueue.ENTRY_SIZE) {
            assertFalse(Files.exists(queueDir.resolve(FileNames.of(start))), "queue file " + start);
        }
        assertTrue(Files.exists(queueDir.resolve(FileNames.of(firstKept))));
        assertTrue(Files.exists(dir.resolve("consumequeue/Gone/0").resolve(FileNames.of(0))),
                "a queue keeps its last file, which holds its end");
    }

    @Test
    void pullBelowTheMinIsOffsetTooSmallWithTheMinAsNextBegin() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        GetResult got = store.getMessages("Old", 0, 0, 32, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.OFFSET_TOO_SMALL, got.status());
        assertEquals(min, got.nextBeginOffset());
        assertEquals(min, got.minOffset());
        assertEquals(GetStatus.OFFSET_TOO_SMALL, store.getMessages("Gone", 0, 1, 32, 1 << 20, MessageFilter.ALL)
                .status());
        assertEquals(GetStatus.OFFSET_OVERFLOW_ONE, store.getMessages("Gone", 0, 3, 32, 1 << 20, MessageFilter.ALL)
                .status());
    }

    @Test
    void newerDataStaysReadableByteExact() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        assertOldReadableFrom(store, min);
        long phys = oldResults.get((int) min).physicalOffsets()[0];
        assertEquals(BODY + min, new String(store.readMessage(phys).getBody()));
    }

    @Test
    void readMessageOfADeletedOffsetIsNull() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        assertNotNull(store.readMessage(oldResults.get(0).physicalOffsets()[0]));
        store.retention().runOnce();
        assertNull(store.readMessage(0));
        assertNull(store.readMessage(oldResults.get(0).physicalOffsets()[0]));
    }

    @Test
    void searchByTimeSkipsDeletedEntries() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        assertEquals(min, store.queueOffsetByTime("Old", 0, T0 - 1, BoundaryType.LOWER));
        assertEquals(min, store.queueOffsetByTime("Old", 0, T0 - 1, BoundaryType.UPPER));
        assertEquals(29, store.queueOffsetByTime("Old", 0, T0, BoundaryType.UPPER));
        assertEquals(30, store.queueOffsetByTime("Old", 0, T0 + 1, BoundaryType.LOWER));
    }

    @Test
    void overTheDiskRatioTheOldestFileGoesOnePerPass() throws IOException {
        MmapMessageStore store = open();
        writeOld(store); // all fresh: nothing is due by age
        int current = (int) (oldResults.get(29).physicalOffsets()[0] / FILE_SIZE);
        assertTrue(current >= 3);
        disk.used(0.99);
        for (int pass = 1; pass <= current; pass++) {
            assertEquals(1, store.retention().runOnce(), "pass " + pass);
            assertFalse(Files.exists(commitLogFile((pass - 1L) * FILE_SIZE)));
            assertTrue(Files.exists(commitLogFile((long) pass * FILE_SIZE)), "oldest first, one per pass");
        }
        assertEquals(0, store.retention().runOnce(), "the file being written stays");
        long logMin = oldResults.get(29).physicalOffsets()[0] / FILE_SIZE * FILE_SIZE;
        long min = firstOldAtOrAfter(logMin);
        assertEquals(min, store.minQueueOffset("Old", 0));
        assertOldReadableFrom(store, min);
    }

    @Test
    void underTheDiskRatioNothingGoesEarly() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        disk.used(0.74);
        assertEquals(0, store.retention().runOnce());
    }

    @Test
    void spaceOfADeletedFileStillMappedCountsAsFree() throws IOException {
        FakeDisk small = new FakeDisk(100_000, 20_000); // 0.80 used
        MmapMessageStore store = open(config(3_600_000), small);
        writeOld(store);
        List<ByteBuffer> held = store.getMessages("Gone", 0, 0, 3, 1 << 20, MessageFilter.ALL).messages();
        assertEquals(1, store.retention().runOnce());
        // 80 000 used - 8 192 bytes the GC has yet to release = 0.718: under the ratio while the slice is held
        assertEquals(0, store.retention().runOnce());
        assertEquals(3, held.size());
    }

    @Test
    void readersRacingRetentionNeverCrash() throws Exception {
        MmapMessageStore store = open();
        disk.used(0.85); // over diskMaxUsedRatio (a file goes each pass), under diskFullRatio (puts go on)
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong read = new AtomicLong();
        Thread reader = new Thread(() -> {
            long offset = 0;
            while (!done.get()) {
                GetResult got = store.getMessages("Race", 0, offset, 16, 1 << 20, MessageFilter.ALL);
                long expected = offset; // or later, when retention removed the records in between
                for (ByteBuffer record : got.messages()) {
                    long q = StoredMessageCodec.decode(record.duplicate(), true).getQueueOffset();
                    assertTrue(q >= expected, q + " < " + expected);
                    expected = q + 1;
                    read.incrementAndGet();
                }
                offset = got.nextBeginOffset();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        reader.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        reader.start();
        for (int i = 0; i < 2000; i++) {
            PutResult raced = store.put(message("Race", 0, BODY + i)).join();
            assertTrue(raced.isOk(), raced.status() + ": " + raced.detail());
            if (i % 20 == 0) {
                store.retention().runOnce();
            }
            if (i % 500 == 0) {
                System.gc();
            }
        }
        done.set(true);
        reader.join();
        assertNull(failure.get());
        assertTrue(read.get() > 0);
        while (store.retention().runOnce() > 0) {
            assertTrue(store.minQueueOffset("Race", 0) < 2000);
        }
        assertTrue(store.minQueueOffset("Race", 0) > 1990, "only the file being written is left");
    }

    @Test
    void aReaderHoldingASliceOfADeletedFileStillReadsIt() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        GetResult before = store.getMessages("Old", 0, 0, 3, 1 << 20, MessageFilter.ALL);
        assertEquals(0, oldResults.get(2).physicalOffsets()[0] / FILE_SIZE, "slices of the first file");
        writeNewAfterRetention(store);
        store.retention().runOnce();
        assertFalse(Files.exists(commitLogFile(0)));
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int q = 0; q < 3; q++) {
                assertArrayEquals(expectedRecord(old.get(q), q, oldResults.get(q).physicalOffsets()[0], T0),
                        bytes(before.messages().get(q)));
            }
        }
    }

    @Test
    void restartAfterDeletionsServesTheRest() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        store.shutdown();

        assertRecoveredAfterDeletions(open(), min);
    }

    @Test
    void restartWithoutCheckpointVerifiesALogThatNoLongerStartsAtZero() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        store.shutdown();
        Files.delete(dir.resolve("checkpoint"));

        assertRecoveredAfterDeletions(open(), min);
    }

    private void assertRecoveredAfterDeletions(MmapMessageStore store, long min) {
        assertEquals(min, store.minQueueOffset("Old", 0));
        assertEquals(31, store.maxQueueOffset("Old", 0));
        assertEquals(3, store.minQueueOffset("Gone", 0));
        assertEquals(3, store.maxQueueOffset("Gone", 0));
        assertOldReadableFrom(store, min);
        assertEquals(GetStatus.OFFSET_TOO_SMALL, store.getMessages("Old", 0, 0, 1, 1 << 20, MessageFilter.ALL)
                .status());
        assertEquals(31, store.put(message("Old", 0, "after restart")).join().queueOffset());
        assertEquals(3, store.put(message("Gone", 0, "after restart")).join().queueOffset());
    }

    @Test
    void crashBetweenCommitLogAndConsumeQueueDeletionIsRepairedAtStart() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        store.shutdown();
        Files.delete(commitLogFile(0)); // the commit-log file went, its queue entries did not
        MmapMessageStore again = open();
        long min = firstOldAtOrAfter(FILE_SIZE);
        assertEquals(min, again.minQueueOffset("Old", 0));
        assertEquals(3, again.minQueueOffset("Gone", 0));
        assertOldReadableFrom(again, min);
        again.retention().runOnce();
        assertFalse(Files.exists(dir.resolve("consumequeue/Old/0").resolve(FileNames.of(0))),
                "the next pass drops the stale queue file");
        assertEquals(min, again.minQueueOffset("Old", 0));
    }

    @Test
    void consumeQueuesRebuiltAfterDeletionsStartAtTheFirstRemainingRecord() throws IOException {
        MmapMessageStore store = open();
        writeOld(store);
        writeNewAfterRetention(store);
        store.retention().runOnce();
        long min = store.minQueueOffset("Old", 0);
        store.shutdown();
        deleteTree(dir.resolve("consumequeue"));

        MmapMessageStore again = open();
        assertEquals(min, again.minQueueOffset("Old", 0));
        assertEquals(31, again.maxQueueOffset("Old", 0));
        assertOldReadableFrom(again, min);
        assertEquals(31, again.put(message("Old", 0, "after rebuild")).join().queueOffset());
    }

    @Test
    void theBackgroundTaskRunsEveryCleanInterval() throws Exception {
        MmapMessageStore store = open(config(10));
        writeOld(store);
        writeNewAfterRetention(store);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(commitLogFile(0)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(commitLogFile(0)));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

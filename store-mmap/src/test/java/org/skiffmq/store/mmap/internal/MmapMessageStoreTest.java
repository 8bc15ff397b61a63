package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.STORE_TIME;
import static org.skiffmq.store.mmap.internal.TestMessages.bytes;
import static org.skiffmq.store.mmap.internal.TestMessages.config;
import static org.skiffmq.store.mmap.internal.TestMessages.expectedRecord;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;

class MmapMessageStoreTest {
    @TempDir
    Path dir;

    private final List<MmapMessageStore> opened = new ArrayList<>();

    @AfterEach
    void shutdownAll() {
        opened.forEach(MmapMessageStore::shutdown);
    }

    private MmapMessageStore open(MmapStoreConfig config) throws IOException {
        MmapMessageStore store = new MmapMessageStore(config, CLOCK);
        opened.add(store);
        store.start();
        return store;
    }

    private MmapMessageStore open() throws IOException {
        return open(config(dir, 1 << 20, 1000));
    }

    private static PutResult put(MmapMessageStore store, BrokerMessage m) {
        return store.put(m).join();
    }

    @Test
    void appendedRecordReadsBackByteExact() throws IOException {
        MmapMessageStore store = open();
        BrokerMessage m = message("TopicTest", 1, "Hello RocketMQ");
        PutResult r = put(store, m);
        assertEquals(PutStatus.PUT_OK, r.status());
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
    void queueOffsetsGoUpByOnePerQueue() throws IOException {
        MmapMessageStore store = open();
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
    void readMessageDecodesTheRecordAtAPhysicalOffset() throws IOException {
        MmapMessageStore store = open();
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

    @Test
    void fullFileEndsWithBlankMarkerAndTheLogContinuesInTheNextFile() throws IOException {
        int fileSize = 64 * 1024;
        MmapMessageStore store = open(config(dir, fileSize, 1000));
        List<PutResult> results = new ArrayList<>();
        String body = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            results.add(put(store, message("Roll", 0, body + i)));
        }
        long firstInSecond = -1;
        for (PutResult r : results) {
            long phys = r.physicalOffsets()[0];
            assertTrue(phys / fileSize == (phys + 1100) / fileSize || (phys + 1100) % fileSize < 1100,
                    "record must not span files");
            if (firstInSecond < 0 && phys >= fileSize) {
                firstInSecond = phys;
            }
        }
        assertEquals(fileSize, firstInSecond, "the first record that does not fit opens the next file");
        Path first = dir.resolve("commitlog").resolve("00000000000000000000");
        assertTrue(Files.exists(dir.resolve("commitlog").resolve("00000000000000065536")));
        ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(first));
        assertEquals(fileSize, f.capacity());
        // walk the first file to its blank marker
        int pos = 0;
        while (f.getInt(pos + 4) != StoredMessageCodec.BLANK_MAGIC) {
            pos += f.getInt(pos);
        }
        assertEquals(fileSize - pos, f.getInt(pos));
        GetResult all = store.getMessages("Roll", 0, 0, 1000, Integer.MAX_VALUE, MessageFilter.ALL);
        assertEquals(100, all.messages().size());
        for (int i = 0; i < 100; i++) {
            StoredMessage m = StoredMessageCodec.decode(all.messages().get(i).duplicate(), true);
            assertEquals(body + i, new String(m.getBody()));
            assertEquals(i, m.getQueueOffset());
        }
    }

    @Test
    void batchTakesConsecutiveQueueOffsetsInOneFile() throws IOException {
        MmapMessageStore store = open(config(dir, 8192, 1000));
        PutResult big = put(store, message("Batch", 2, "x".repeat(7900)));
        assertEquals(PutStatus.PUT_OK, big.status(), big.detail());
        List<BrokerMessage> batch = List.of(message("Batch", 2, "m1"), message("Batch", 2, "m2", "TagB"),
                message("Batch", 2, "m3"));
        PutResult r = store.putBatch(batch).join();
        assertEquals(PutStatus.PUT_OK, r.status());
        assertEquals(1, r.queueOffset());
        assertEquals(3, r.physicalOffsets().length);
        assertEquals(8192, r.physicalOffsets()[0], "did not fit behind the first record: whole batch in file 2");
        GetResult got = store.getMessages("Batch", 2, 1, 10, 1 << 20, MessageFilter.ALL);
        assertEquals(3, got.messages().size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expectedRecord(batch.get(i), 1 + i, r.physicalOffsets()[i], STORE_TIME),
                    bytes(got.messages().get(i)));
        }
        assertEquals(4, store.maxQueueOffset("Batch", 2));
    }

    @Test
    void batchLargerThanAFileIsIllegal() throws IOException {
        MmapMessageStore store = open(config(dir, 8192, 1000));
        List<BrokerMessage> batch = List.of(message("Batch", 0, "x".repeat(5000)), message("Batch", 0, "y".repeat(5000)));
        PutResult r = store.putBatch(batch).join();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status());
        assertTrue(r.detail().contains("commitLogFileSize"), r.detail());
        assertEquals(0, store.maxQueueOffset("Batch", 0));
    }

    @Test
    void batchOverTwoQueuesIsIllegal() throws IOException {
        MmapMessageStore store = open();
        PutResult r = store.putBatch(List.of(message("T", 0, "a"), message("T", 1, "b"))).join();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status());
        assertEquals(0, store.maxPhysicalOffset());
    }

    @Test
    void bodyOverMaxMessageSizeIsIllegalAndNamesTheLimit() throws IOException {
        MmapMessageStore store = open(config(dir, 1 << 20, 1000).withMaxMessageSize(100));
        PutResult r = put(store, message("T", 0, "x".repeat(101)));
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status());
        assertTrue(r.detail().contains("maxMessageSize=100"), r.detail());
        assertTrue(!r.isStored());
    }

    @Test
    void propertiesOverTheRecordLimitAreIllegal() throws IOException {
        MmapMessageStore store = open();
        BrokerMessage m = message("T", 0, "body");
        m.putProperty("BIG", "v".repeat(40_000));
        PutResult r = put(store, m);
        assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status());
        assertTrue(r.detail().contains("32767"), r.detail());
    }

    @Test
    void topicThatCannotNameADirectoryIsIllegal() throws IOException {
        MmapMessageStore store = open();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, put(store, message("../evil", 0, "x")).status());
        assertEquals(PutStatus.MESSAGE_ILLEGAL, put(store, message("T", -1, "x")).status());
    }

    @Test
    void putBeforeStartOrAfterShutdownIsNotAvailable() throws IOException {
        MmapMessageStore store = new MmapMessageStore(config(dir, 1 << 20, 1000), CLOCK);
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(store, message("T", 0, "x")).status());
        store.start();
        assertEquals(PutStatus.PUT_OK, put(store, message("T", 0, "x")).status());
        store.shutdown();
        store.shutdown();
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put(store, message("T", 0, "y")).status());
    }

    @Test
    void readStatusesFollowTheOffsetAgainstTheQueue() throws IOException {
        MmapMessageStore store = open();
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
    void maxBytesLimitsTheReadButReturnsAtLeastOne() throws IOException {
        MmapMessageStore store = open();
        for (int i = 0; i < 5; i++) {
            put(store, message("T", 0, "m" + i));
        }
        assertEquals(1, store.getMessages("T", 0, 0, 32, 1, MessageFilter.ALL).messages().size());
        int size = store.getMessages("T", 0, 0, 1, 1000, MessageFilter.ALL).totalSize();
        assertEquals(2, store.getMessages("T", 0, 0, 32, 2 * size + 1, MessageFilter.ALL).messages().size());
    }

    @Test
    void maxCountBelowOneStillReadsOne() throws IOException {
        MmapMessageStore store = open();
        put(store, message("T", 0, "a"));
        put(store, message("T", 0, "b"));
        GetResult got = store.getMessages("T", 0, 0, 0, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.FOUND, got.status());
        assertEquals(1, got.messages().size());
        assertEquals(1, got.nextBeginOffset());
    }

    @Test
    void filterSkipsEntriesAndReportsWhereToGoOn() throws IOException {
        MmapMessageStore store = open();
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
    void secondStoreOnTheSameDirectoryFailsToStart() throws IOException {
        open();
        MmapMessageStore second = new MmapMessageStore(config(dir, 1 << 20, 1000), CLOCK);
        try {
            second.start();
            throw new AssertionError("second start should fail");
        } catch (IOException | java.nio.channels.OverlappingFileLockException expected) {
            // one store per directory
        }
        second.shutdown();
    }

    @Test
    void readersRacingTheWriterOnlySeeWholeRecords() throws Exception {
        MmapMessageStore store = open(config(dir, 64 * 1024, 100));
        int total = 3000;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                store.put(message("Race", 0, "r" + i + "-" + "y".repeat(i % 200))).join();
            }
        });
        writer.start();
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
                Thread.onSpinWait();
            }
        }
        writer.join();
        assertEquals(total, store.maxQueueOffset("Race", 0));
    }
}

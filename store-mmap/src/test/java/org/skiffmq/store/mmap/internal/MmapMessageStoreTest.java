package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.config;
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
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;

/**
 * What only the mmap store does: its commit-log files (the blank marker at a file's end, records
 * and batches never spanning files) and its lock on the directory. What any store must do is in
 * {@link org.skiffmq.store.mmap.contract.MessageStoreContract}, run here by
 * {@code MmapStoreContractTest}.
 */
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

    /** What a replica copying this store reads: whole records to the file's end, then the blank. */
    @Test
    void readCommitLogShowsTheRecordsFromAnOffsetToTheEndOfTheirFile() throws IOException {
        MmapMessageStore store = open(config(dir, 8192, 1000));
        PutResult a = put(store, message("Copy", 0, "first"));
        PutResult b = put(store, message("Copy", 0, "second"));
        ByteBuffer tail = store.readCommitLog(b.physicalOffsets()[0]);
        assertEquals(store.maxPhysicalOffset() - b.physicalOffsets()[0], tail.remaining(), "up to what is written");
        assertEquals("second", new String(StoredMessageCodec.decode(tail.duplicate(), true).getBody()));
        assertEquals(a.physicalOffsets()[0], store.readCommitLog(0).position());
        assertEquals(null, store.readCommitLog(store.maxPhysicalOffset()), "nothing at the end");

        store.endCommitLogFile();
        assertEquals(8192, store.maxPhysicalOffset(), "the next record starts the next file");
        ByteBuffer blank = store.readCommitLog(b.physicalOffsets()[0] + tail.remaining());
        assertEquals(StoredMessageCodec.BLANK_MAGIC, blank.getInt(blank.position() + 4));
        assertEquals(8192, put(store, message("Copy", 0, "third")).physicalOffsets()[0]);
        store.endCommitLogFile();
        store.endCommitLogFile(); // the current file is empty: nothing to end
        assertEquals(2 * 8192, store.maxPhysicalOffset());
        store.shutdown();
        MmapMessageStore again = open(config(dir, 8192, 1000));
        assertEquals(2 * 8192, again.maxPhysicalOffset(), "recovery agrees where the log goes on");
        assertEquals(3, again.maxQueueOffset("Copy", 0));
    }

    /** The contract's batchTakesConsecutiveQueueOffsets checks offsets and bytes; this, where the batch lands. */
    @Test
    void aBatchThatDoesNotFitBehindTheLastRecordGoesWholeIntoTheNextFile() throws IOException {
        MmapMessageStore store = open(config(dir, 8192, 1000));
        PutResult big = put(store, message("Batch", 2, "x".repeat(7900)));
        assertEquals(PutStatus.PUT_OK, big.status(), big.detail());
        List<BrokerMessage> batch = List.of(message("Batch", 2, "m1"), message("Batch", 2, "m2", "TagB"),
                message("Batch", 2, "m3"));
        PutResult r = store.putBatch(batch).join();
        assertEquals(PutStatus.PUT_OK, r.status());
        assertEquals(3, r.physicalOffsets().length);
        assertEquals(8192, r.physicalOffsets()[0], "did not fit behind the first record: whole batch in file 2");
        assertTrue(r.physicalOffsets()[2] < 2 * 8192, "the batch does not span files");
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
}

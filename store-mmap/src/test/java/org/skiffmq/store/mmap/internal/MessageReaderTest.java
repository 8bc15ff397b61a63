package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;

/**
 * The reader in the moment between retention deleting a commit-log file and moving the consume
 * queue's min offset: entries whose record is gone are skipped in one jump.
 */
class MessageReaderTest {
    private static final int FILE_SIZE = 4096;

    @TempDir
    Path dir;

    private CommitLog log;
    private ConsumeQueueTable queues;
    private MessageReader reader;
    private final List<PutResult> results = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        log = new CommitLog(dir.resolve("commitlog"), FILE_SIZE, CLOCK, FsyncHook.NONE, FileOps.DISK);
        log.load();
        log.openForAppend(0);
        queues = new ConsumeQueueTable(dir.resolve("consumequeue"), 4);
        reader = new MessageReader(log, queues);
    }

    @AfterEach
    void close() {
        log.close();
        log.unmap();
        queues.close();
    }

    /** Messages of T/0 over three files: TagA in the first file, TagB after it. */
    private long appendOverThreeFiles() throws IOException {
        ConsumeQueue cq = queues.getOrCreate("T", 0);
        long firstInSecondFile = -1;
        for (int i = 0; log.writtenOffset() < 2 * FILE_SIZE + 100; i++) {
            String tag = log.writtenOffset() < FILE_SIZE - 1200 ? "TagA" : "TagB";
            BrokerMessage m = message("T", 0, "m" + i + "x".repeat(900), tag);
            cq.prepareRoom(1);
            PutResult r = log.append(StoredMessageCodec.prepare(m, true), cq, m.tagsCode());
            results.add(r);
            if (firstInSecondFile < 0 && r.physicalOffsets()[0] >= FILE_SIZE) {
                firstInSecondFile = r.queueOffset();
            }
        }
        assertNotNull(log.deleteOldest(new RetiredFiles()));
        return firstInSecondFile;
    }

    @Test
    void readFromADeletedEntryStartsAtTheFirstWithData() throws IOException {
        long first = appendOverThreeFiles();
        GetResult got = reader.getMessages("T", 0, 0, 2, 1 << 20, MessageFilter.ALL);
        assertEquals(GetStatus.FOUND, got.status());
        assertEquals(first, StoredMessageCodec.decode(got.messages().get(0).duplicate()).getQueueOffset());
        assertEquals(first + 2, got.nextBeginOffset());
    }

    @Test
    void onlyDeletedEntriesMatchingIsMessageWasRemovingPastThem() throws IOException {
        long first = appendOverThreeFiles();
        long tagA = MessageProperties.tagsCode("TagA");
        GetResult got = reader.getMessages("T", 0, 0, 32, 1 << 20, code -> code == tagA);
        assertEquals(GetStatus.MESSAGE_WAS_REMOVING, got.status());
        assertEquals(results.size(), got.nextBeginOffset(), "past the skipped entries");
        assertEquals(first, queues.get("T", 0).firstOffsetWithData(log.minOffset()));
    }
}

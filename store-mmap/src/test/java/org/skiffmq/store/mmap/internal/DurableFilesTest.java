package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;
import org.skiffmq.store.mmap.internal.RecordingFileOps.Created;
import org.skiffmq.store.mmap.internal.RecordingFileOps.DirSynced;
import org.skiffmq.store.mmap.internal.RecordingFileOps.Event;
import org.skiffmq.store.mmap.internal.RecordingFileOps.Forced;
import org.skiffmq.store.mmap.internal.RecordingFileOps.Removed;
import org.skiffmq.store.mmap.internal.RecordingFileOps.Renamed;

/**
 * Names and bytes survive a power cut: every file or directory the store creates, renames or
 * deletes has its directory synced (before any byte is forced into a new file), and recovery
 * forces what it verified or rewrote before the store claims it in a checkpoint.
 */
class DurableFilesTest {
    private static final int FILE_SIZE = 16 * 1024;
    private static final long START = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static MmapStoreConfig config(Path dir) {
        return TestMessages.config(dir, FILE_SIZE, 4).withFlushMode(FlushMode.SYNC)
                .withRetention(1, 0.99, 3_600_000);
    }

    private static MmapMessageStore store(Path dir, ManualClock clock, FileOps ops) {
        return new MmapMessageStore(config(dir), clock, FsyncHook.NONE, new FakeDisk(1L << 40, 1L << 39), ops);
    }

    /** Puts {@code n} messages of ~1 KiB over two topics, waiting for each group's fsync. */
    private static void fill(MmapMessageStore store, int n) throws Exception {
        List<CompletableFuture<PutResult>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(store.put(TestMessages.message(i % 2 == 0 ? "DurA" : "DurB", i % 3, "m" + i + "-"
                    + "x".repeat(1000))));
        }
        for (CompletableFuture<PutResult> f : pending) {
            assertEquals(PutStatus.PUT_OK, f.get(30, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void everyNameTheStoreCreatesRenamesOrDeletesHasItsDirectorySynced() throws Exception {
        RecordingFileOps ops = new RecordingFileOps(dir);
        ManualClock clock = new ManualClock(START);
        MmapMessageStore store = store(dir, clock, ops);
        store.start();
        try {
            fill(store, 40);
            clock.advance(Duration.ofHours(2));
            fill(store, 20);
            assertTrue(store.retention().runOnce() > 0, "retention deleted commit-log files");
        } finally {
            store.shutdown();
        }
        List<Event> events = ops.events();
        int created = 0;
        int renamed = 0;
        int removed = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e instanceof Created c) {
                int synced = nextSync(events, i, c.path().getParent());
                int firstForce = firstForce(events, i, c.inode());
                if (synced < 0 || (firstForce >= 0 && firstForce < synced)) {
                    fail(c.path() + " was created, but its directory was not synced before its bytes were forced"
                            + " (sync at event " + synced + ", first force at " + firstForce + ")");
                }
                created++;
            } else if (e instanceof Renamed r) {
                assertTrue(nextSync(events, i, r.target().getParent()) > i, r.target() + " renamed, never synced");
                renamed++;
            } else if (e instanceof Removed r) {
                assertTrue(nextSync(events, i, r.path().getParent()) > i, r.path() + " deleted, never synced");
                removed++;
            }
        }
        assertTrue(created >= 10 && renamed >= 1 && removed >= 2,
                "the run created " + created + ", renamed " + renamed + ", deleted " + removed + " names");
    }

    private static int nextSync(List<Event> events, int from, Path dir) {
        for (int i = from + 1; i < events.size(); i++) {
            if (events.get(i) instanceof DirSynced d && d.dir().equals(dir)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstForce(List<Event> events, int from, int inode) {
        for (int i = from + 1; i < events.size(); i++) {
            if (events.get(i) instanceof Forced f && f.inode() == inode) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes of each file forced during the recorded calls. */
    private static Map<Path, BitSet> forcedBytes(RecordingFileOps ops) {
        Map<Path, BitSet> forced = new HashMap<>();
        for (Event e : ops.events()) {
            if (e instanceof Forced f) {
                forced.computeIfAbsent(f.path(), k -> new BitSet()).set(f.from(), f.from() + f.bytes().length);
            }
        }
        return forced;
    }

    /**
     * After a crash of the process the page cache may hold records no fsync covered; recovery
     * verifies them and the checkpoint then claims them, so it must force them first.
     */
    @Test
    void recoveryForcesEveryCommitLogFileItVerified() throws Exception {
        ManualClock clock = new ManualClock(START);
        MmapMessageStore first = store(dir, clock, FileOps.DISK);
        first.start();
        long end;
        try {
            fill(first, 50);
            end = first.maxPhysicalOffset();
        } finally {
            first.shutdown();
        }
        assertTrue(end > 2 * FILE_SIZE, "the log spans several files");
        Files.delete(dir.resolve("checkpoint")); // recovery verifies from the first file

        RecordingFileOps ops = new RecordingFileOps(dir);
        MmapMessageStore second = store(dir, clock, ops);
        second.start();
        second.shutdown();
        Map<Path, BitSet> forced = forcedBytes(ops);
        for (long start = 0; start < end; start += FILE_SIZE) {
            Path file = dir.resolve("commitlog").resolve(FileNames.of(start)).toAbsolutePath().normalize();
            int dataEnd = (int) Math.min(FILE_SIZE, end - start);
            BitSet bits = forced.getOrDefault(file, new BitSet());
            assertTrue(bits.nextClearBit(0) >= dataEnd, "recovery verified " + file + " up to " + dataEnd
                    + " but forced only " + bits);
        }
    }

    @Test
    void recoveryForcesTheConsumeQueueEntriesItRewrote() throws Exception {
        ManualClock clock = new ManualClock(START);
        MmapMessageStore first = store(dir, clock, FileOps.DISK);
        first.start();
        try {
            fill(first, 12); // DurA/0 gets messages 0 and 6: queue offsets 0 and 1
        } finally {
            first.shutdown();
        }
        Path cqFile = dir.resolve("consumequeue").resolve("DurA").resolve("0").resolve(FileNames.of(0));
        try (FileChannel ch = FileChannel.open(cqFile, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(ConsumeQueue.ENTRY_SIZE), 0); // entry 0 lost, entry 1 kept
        }
        Files.delete(dir.resolve("checkpoint"));

        RecordingFileOps ops = new RecordingFileOps(dir);
        MmapMessageStore second = store(dir, clock, ops);
        second.start();
        try {
            assertEquals(2, second.getMessages("DurA", 0, 0, 10, 1 << 20, MessageFilter.ALL).messages().size());
        } finally {
            second.shutdown();
        }
        BitSet bits = forcedBytes(ops).getOrDefault(cqFile.toAbsolutePath().normalize(), new BitSet());
        assertTrue(bits.nextClearBit(0) >= ConsumeQueue.ENTRY_SIZE,
                "recovery rewrote entry 0 of " + cqFile + " but forced only " + bits);
    }
}

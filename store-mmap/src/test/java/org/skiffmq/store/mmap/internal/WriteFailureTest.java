package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;

/**
 * A failing disk stops writes with a reason instead of acknowledging what cannot be kept: an fsync
 * that fails, or the commit-log file removed while it is written. Reads go on.
 */
class WriteFailureTest {
    @TempDir
    Path dir;

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void aFailingFsyncStopsWritesWithTheReasonAndKeepsReads() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        FsyncHook failing = upTo -> {
            if (broken.get()) {
                throw new UncheckedIOException(new java.io.IOException("Input/output error (injected)"));
            }
        };
        MmapStoreConfig config = TestMessages.config(dir, 1 << 20, 1000).withFlushMode(FlushMode.SYNC);
        MmapMessageStore store = new MmapMessageStore(config, new ManualClock(1_700_000_000_000L), failing);
        store.start();
        try {
            assertTrue(store.put(TestMessages.message("T", 0, "ok")).join().isOk());
            broken.set(true);
            PutResult during = store.put(TestMessages.message("T", 0, "during")).join();
            assertTrue(during.status() != PutStatus.PUT_OK, "a put whose fsync failed must not be PUT_OK");
            await(() -> store.put(TestMessages.message("T", 0, "probe")).join().status()
                    == PutStatus.SERVICE_NOT_AVAILABLE);
            PutResult refused = store.put(TestMessages.message("T", 0, "after")).join();
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, refused.status());
            assertTrue(refused.detail().contains("Input/output error") && refused.detail().contains("restart"),
                    refused.detail());
            assertEquals(GetStatus.FOUND, store.getMessages("T", 0, 0, 10, 1 << 20, MessageFilter.ALL).status());
        } finally {
            broken.set(false);
            store.shutdown();
        }
    }

    /**
     * Linux marks the pages of a failed write-back clean, so the next fsync usually succeeds:
     * the puts that waited on the failed one must still not be acknowledged.
     */
    @Test
    void aFlushThatFailsOnceThenSucceedsAcknowledgesNoWaitingPut() throws Exception {
        CountDownLatch firstFsync = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fsyncs = new AtomicInteger();
        FsyncHook failsOnce = upTo -> {
            if (fsyncs.incrementAndGet() == 1) {
                firstFsync.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new UncheckedIOException(new IOException("Input/output error (injected once)"));
            }
        };
        MmapMessageStore store = new MmapMessageStore(TestMessages.syncConfig(dir, 60_000),
                new ManualClock(1_700_000_000_000L), failsOnce);
        store.start();
        List<CompletableFuture<PutResult>> waiting = new ArrayList<>();
        try {
            waiting.add(store.put(TestMessages.message("T", 0, "m0")));
            assertTrue(firstFsync.await(10, TimeUnit.SECONDS));
            for (int i = 1; i < 6; i++) {
                waiting.add(store.put(TestMessages.message("T", 0, "m" + i)));
            }
            release.countDown();
            for (CompletableFuture<PutResult> f : waiting) {
                PutResult r = f.get(30, TimeUnit.SECONDS);
                assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, r.status(), "a put waiting on a failed fsync");
                assertTrue(r.detail().contains("fsync") && r.detail().contains("may be lost")
                        && r.detail().contains("restart"), r.detail());
            }
            PutResult later = store.put(TestMessages.message("T", 0, "later")).get(30, TimeUnit.SECONDS);
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, later.status());
            assertTrue(later.detail().contains("Input/output error (injected once)"), later.detail());
            assertTrue(fsyncs.get() >= 1);
            assertEquals(6, store.getMessages("T", 0, 0, 10, 1 << 20, MessageFilter.ALL).messages().size(),
                    "what was written stays readable");
        } finally {
            release.countDown();
            store.shutdown();
        }
        assertTrue(Files.exists(dir.resolve("abort")), "a store that lost a flush must not look cleanly shut down");

        MmapMessageStore restarted = new MmapMessageStore(TestMessages.syncConfig(dir, 60_000),
                new ManualClock(1_700_000_000_000L));
        restarted.start();
        try {
            PutResult r = restarted.put(TestMessages.message("T", 0, "after restart")).get(30, TimeUnit.SECONDS);
            assertEquals(PutStatus.PUT_OK, r.status(), String.valueOf(r.detail()));
            assertEquals(6, r.queueOffset(), "recovery kept the six written records");
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void removingTheFileBeingWrittenStopsWrites() throws Exception {
        MmapStoreConfig config = TestMessages.config(dir, 1 << 20, 1000);
        MmapMessageStore store = new MmapMessageStore(config, new ManualClock(1_700_000_000_000L));
        store.start();
        try {
            assertTrue(store.put(TestMessages.message("T", 0, "ok")).join().isOk());
            Files.delete(dir.resolve("commitlog").resolve(FileNames.of(0)));
            await(() -> store.put(TestMessages.message("T", 0, "probe")).join().status()
                    == PutStatus.SERVICE_NOT_AVAILABLE);
            PutResult refused = store.put(TestMessages.message("T", 0, "after")).join();
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, refused.status());
            assertTrue(refused.detail().contains("was removed"), refused.detail());
        } finally {
            store.shutdown();
        }
    }
}

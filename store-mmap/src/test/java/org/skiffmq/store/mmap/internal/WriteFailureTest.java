package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.api.store.StoreConfig;

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
        StoreConfig config = TestMessages.config(dir, 1 << 20, 1000).withFlushMode(FlushMode.SYNC);
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

    @Test
    void removingTheFileBeingWrittenStopsWrites() throws Exception {
        StoreConfig config = TestMessages.config(dir, 1 << 20, 1000);
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

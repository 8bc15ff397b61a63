package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;

/** A disk fuller than diskFullRatio refuses writes with a reason, keeps reads, and recovers. */
class DiskFullTest {
    @TempDir
    Path dir;
    private final FakeDisk disk = new FakeDisk(1_000_000_000L, 900_000_000L);
    private MmapMessageStore store;

    @BeforeEach
    void open() throws Exception {
        MmapStoreConfig config = TestMessages.config(dir, 1 << 20, 1000).withRetention(72, 0.99, 20).withDiskFullRatio(0.9);
        store = new MmapMessageStore(config, new ManualClock(1_700_000_000_000L), FsyncHook.NONE, disk);
        store.start();
    }

    @AfterEach
    void close() {
        store.shutdown();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
    }

    private PutResult put(String body) {
        return store.put(TestMessages.message("T", 0, body)).join();
    }

    @Test
    void aFullDiskRefusesWritesNamingTheDiskAndTheSetting() throws Exception {
        assertTrue(put("before").isOk());
        disk.used(0.95);
        await(() -> !put("probe").isOk());
        PutResult refused = put("during");
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, refused.status());
        assertTrue(refused.detail().contains(dir.toString()) && refused.detail().contains("95.0% full")
                && refused.detail().contains("store.diskFullRatio"), refused.detail());
    }

    @Test
    void readsGoOnWhileWritesAreRefused() throws Exception {
        assertTrue(put("kept").isOk());
        disk.used(0.95);
        await(() -> !put("probe").isOk());
        assertEquals(GetStatus.FOUND, store.getMessages("T", 0, 0, 10, 1 << 20, MessageFilter.ALL).status());
    }

    @Test
    void writesResumeWhenSpaceIsFreed() throws Exception {
        disk.used(0.95);
        await(() -> !put("probe").isOk());
        disk.used(0.5);
        await(() -> put("probe").isOk());
        assertTrue(put("after").isOk());
    }

    @Test
    void theDiskCheckGoesOnAfterAnUnexpectedError() throws Exception {
        disk.failNext(3);
        await(disk::failuresUsed);
        assertTrue(disk.failuresUsed(), "the disk check never ran");
        disk.used(0.95);
        await(() -> !put("probe").isOk());
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, put("during").status(), "the check stopped at its error");
        disk.used(0.5);
        await(() -> put("probe").isOk());
        assertTrue(put("after").isOk());
    }
}

package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.message;
import static org.skiffmq.store.mmap.internal.TestMessages.syncConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/** SYNC flush: futures wait for an fsync, share it, time out, or skip it with WAIT=false. */
class SyncFlushTest {
    @TempDir
    Path dir;

    private final AtomicInteger fsyncs = new AtomicInteger();
    private final CountDownLatch firstFsyncEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstFsync = new CountDownLatch(1);
    private MmapMessageStore store;

    @AfterEach
    void shutdown() {
        releaseFirstFsync.countDown();
        if (store != null) {
            store.shutdown();
        }
    }

    /** A hook that counts fsyncs and holds the first one until released. */
    private void beforeFsync(long upTo) {
        if (fsyncs.incrementAndGet() == 1) {
            firstFsyncEntered.countDown();
            try {
                releaseFirstFsync.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private MmapMessageStore open(int timeoutMillis, FsyncHook hook) throws IOException {
        store = new MmapMessageStore(syncConfig(dir, timeoutMillis), CLOCK, hook);
        store.start();
        return store;
    }

    @Test
    void putCompletesAfterAnFsyncCoversIt() throws Exception {
        open(5000, upTo -> fsyncs.incrementAndGet());
        PutResult r = store.put(message("S", 0, "durable")).get(10, TimeUnit.SECONDS);
        assertEquals(PutStatus.PUT_OK, r.status());
        assertTrue(fsyncs.get() >= 1);
    }

    @Test
    void concurrentPutsShareOneFsync() throws Exception {
        open(60_000, this::beforeFsync);
        CompletableFuture<PutResult> first = store.put(message("S", 0, "first"));
        assertTrue(firstFsyncEntered.await(10, TimeUnit.SECONDS));
        List<CompletableFuture<PutResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(store.put(message("S", i % 4, "waiting-" + i)));
        }
        assertFalse(first.isDone(), "the first put waits for its fsync");
        waiting.forEach(f -> assertFalse(f.isDone()));
        releaseFirstFsync.countDown();
        assertEquals(PutStatus.PUT_OK, first.get(10, TimeUnit.SECONDS).status());
        for (CompletableFuture<PutResult> f : waiting) {
            assertEquals(PutStatus.PUT_OK, f.get(10, TimeUnit.SECONDS).status());
        }
        assertTrue(fsyncs.get() <= 2, "21 puts took " + fsyncs.get() + " fsyncs");
    }

    @Test
    void putWaitingLongerThanTheTimeoutReportsFlushDiskTimeoutButIsStored() throws Exception {
        open(50, this::beforeFsync);
        PutResult r = store.put(message("S", 0, "slow disk")).get(10, TimeUnit.SECONDS);
        assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, r.status());
        assertTrue(r.isStored());
        assertTrue(r.detail().contains("syncFlushTimeoutMillis=50"), r.detail());
        assertEquals("slow disk", new String(store.readMessage(r.physicalOffsets()[0]).getBody()));
    }

    @Test
    void waitFalseCompletesWithoutWaitingForTheFsync() throws Exception {
        open(60_000, this::beforeFsync);
        CompletableFuture<PutResult> first = store.put(message("S", 0, "first"));
        assertTrue(firstFsyncEntered.await(10, TimeUnit.SECONDS));
        BrokerMessage noWait = message("S", 0, "no wait");
        noWait.putProperty(MessageProperties.WAIT, "false");
        CompletableFuture<PutResult> f = store.put(noWait);
        assertTrue(f.isDone());
        assertEquals(PutStatus.PUT_OK, f.join().status());
        assertFalse(first.isDone());
    }

    @Test
    void batchWaitsForOneFsyncCoveringItsLastRecord() throws Exception {
        open(5000, upTo -> fsyncs.incrementAndGet());
        PutResult r = store.putBatch(List.of(message("S", 1, "a"), message("S", 1, "b")))
                .get(10, TimeUnit.SECONDS);
        assertEquals(PutStatus.PUT_OK, r.status());
        assertEquals(2, store.maxQueueOffset("S", 1));
    }

    @Test
    void batchWaitsForTheFsyncWhenAnyOfItsMessagesAsksTo() throws Exception {
        open(60_000, this::beforeFsync);
        CompletableFuture<PutResult> first = store.put(message("S", 0, "first"));
        assertTrue(firstFsyncEntered.await(10, TimeUnit.SECONDS));
        BrokerMessage noWait = message("S", 1, "no wait");
        noWait.putProperty(MessageProperties.WAIT, "false");
        CompletableFuture<PutResult> batch = store.putBatch(List.of(noWait, message("S", 1, "waits")));
        assertFalse(batch.isDone(), "the second message asks to wait for the fsync");
        releaseFirstFsync.countDown();
        assertEquals(PutStatus.PUT_OK, first.get(10, TimeUnit.SECONDS).status());
        assertEquals(PutStatus.PUT_OK, batch.get(10, TimeUnit.SECONDS).status());
        assertTrue(fsyncs.get() >= 2, "the batch was answered after an fsync of its own records");
    }
}

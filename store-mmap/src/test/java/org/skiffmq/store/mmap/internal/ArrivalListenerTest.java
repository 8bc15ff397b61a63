package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.PutStatus;

/**
 * The mmap store's side of the arrival listener: the failures it counts and the thread a sync
 * flush store tells on. What every store's listener hears is in
 * {@link org.skiffmq.store.mmap.contract.MessageStoreContract}.
 */
class ArrivalListenerTest {
    @TempDir
    Path dir;

    private MmapMessageStore store;
    private final List<Thread> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        store = new MmapMessageStore(TestMessages.config(dir, 1 << 20, 1000), CLOCK);
        store.start();
    }

    @AfterEach
    void shutdown() {
        store.shutdown();
    }

    @Test
    void aThrowingListenersFailuresAreCounted() {
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            throw new IllegalStateException("listener bug");
        });
        for (int i = 0; i < 5; i++) {
            assertEquals(PutStatus.PUT_OK, store.put(message("T", 0, "m" + i)).join().status());
        }
        assertEquals(PutStatus.PUT_OK, store.putBatch(List.of(message("T", 0, "b1"), message("T", 0, "b2"))).join()
                .status());
        assertEquals(7, store.arrivals().failures());
    }

    @Test
    void syncFlushStoreTellsOnTheAppendingThread() throws IOException {
        store.shutdown();
        store = new MmapMessageStore(TestMessages.syncConfig(dir.resolve("sync"), 5000), CLOCK);
        store.start();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> told.add(Thread.currentThread()));
        assertEquals(PutStatus.PUT_OK, store.put(message("S", 0, "x")).join().status());
        assertEquals(1, told.size());
        assertSame(Thread.currentThread(), told.get(0));
    }
}

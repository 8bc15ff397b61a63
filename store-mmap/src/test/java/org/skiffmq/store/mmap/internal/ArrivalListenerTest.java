package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.CLOCK;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/** The store tells a listener of each message as it becomes readable (long polling). */
class ArrivalListenerTest {
    record Arrival(String topic, int queueId, long queueOffset, long tagsCode, Thread thread) {
    }

    @TempDir
    Path dir;

    private MmapMessageStore store;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        store = new MmapMessageStore(TestMessages.config(dir, 1 << 20, 1000), CLOCK);
        store.start();
    }

    @AfterEach
    void shutdown() {
        store.shutdown();
    }

    private void record() {
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) ->
                arrivals.add(new Arrival(topic, queueId, queueOffset, tagsCode, Thread.currentThread())));
    }

    @Test
    void calledOncePerMessageWithItsQueueOffsetAndTag() throws IOException {
        record();
        store.put(message("A", 0, "a0", "TagA")).join();
        store.put(message("A", 0, "a1", "TagB")).join();
        store.put(message("A", 2, "b0", null)).join();
        assertEquals(List.of(
                new Arrival("A", 0, 0, MessageProperties.tagsCode("TagA"), Thread.currentThread()),
                new Arrival("A", 0, 1, MessageProperties.tagsCode("TagB"), Thread.currentThread()),
                new Arrival("A", 2, 0, 0, Thread.currentThread())), arrivals);
    }

    @Test
    void batchTellsEachMessageWithConsecutiveOffsets() {
        record();
        store.put(message("B", 1, "first")).join();
        PutResult r = store.putBatch(List.of(message("B", 1, "m1", "X"), message("B", 1, "m2", "Y"),
                message("B", 1, "m3", "Z"))).join();
        assertEquals(1, r.queueOffset());
        assertEquals(List.of(0L, 1L, 2L, 3L), arrivals.stream().map(Arrival::queueOffset).toList());
        assertEquals(MessageProperties.tagsCode("Y"), arrivals.get(2).tagsCode());
    }

    @Test
    void theMessageIsReadableWhenTheListenerHearsOfIt() {
        List<GetStatus> seen = new ArrayList<>();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) ->
                seen.add(store.getMessages(topic, queueId, queueOffset, 1, 1 << 20, MessageFilter.ALL).status()));
        store.put(message("R", 0, "x")).join();
        store.putBatch(List.of(message("R", 0, "y"), message("R", 0, "z"))).join();
        assertEquals(List.of(GetStatus.FOUND, GetStatus.FOUND, GetStatus.FOUND), seen);
    }

    @Test
    void calledOutsideTheAppendLock() throws Exception {
        List<PutResult> fromOtherThread = new ArrayList<>();
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            if (topic.equals("Outer")) { // another thread can append meanwhile: the lock is free
                try {
                    fromOtherThread.add(CompletableFuture.supplyAsync(() -> store.put(message("Inner", 0, "i")).join())
                            .get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError("the listener runs under the append lock", e);
                }
            }
        });
        assertEquals(PutStatus.PUT_OK, store.put(message("Outer", 0, "o")).join().status());
        assertEquals(1, fromOtherThread.size());
        assertEquals(PutStatus.PUT_OK, fromOtherThread.get(0).status());
        assertEquals(0, store.arrivals().failures());
    }

    @Test
    void aThrowingListenerDoesNotFailPuts() {
        store.setArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
            throw new IllegalStateException("listener bug");
        });
        for (int i = 0; i < 5; i++) {
            assertEquals(PutStatus.PUT_OK, store.put(message("T", 0, "m" + i)).join().status());
        }
        assertEquals(PutStatus.PUT_OK, store.putBatch(List.of(message("T", 0, "b1"), message("T", 0, "b2"))).join()
                .status());
        assertEquals(7, store.maxQueueOffset("T", 0));
        assertEquals(7, store.arrivals().failures());
        assertEquals(7, store.getMessages("T", 0, 0, 32, 1 << 20, MessageFilter.ALL).messages().size());
    }

    @Test
    void nullListenerStopsNotifications() {
        record();
        store.put(message("N", 0, "a")).join();
        store.setArrivalListener(null);
        store.put(message("N", 0, "b")).join();
        assertEquals(1, arrivals.size());
    }

    @Test
    void failedPutTellsNothing() {
        record();
        assertEquals(PutStatus.MESSAGE_ILLEGAL, store.put(message("../bad", 0, "x")).join().status());
        assertTrue(arrivals.isEmpty());
    }

    @Test
    void syncFlushStoreTellsOnTheAppendingThread() throws IOException {
        store.shutdown();
        store = new MmapMessageStore(TestMessages.syncConfig(dir.resolve("sync"), 5000), CLOCK);
        store.start();
        record();
        assertEquals(PutStatus.PUT_OK, store.put(message("S", 0, "x")).join().status());
        assertEquals(1, arrivals.size());
        assertSame(Thread.currentThread(), arrivals.get(0).thread());
    }
}

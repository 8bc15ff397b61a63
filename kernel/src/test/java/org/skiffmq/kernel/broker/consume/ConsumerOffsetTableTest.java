package org.skiffmq.kernel.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerOffsetTableTest {
    @TempDir
    Path dir;

    @Test
    void unknownGroupHasNoOffset() {
        assertEquals(-1, new ConsumerOffsetTable(dir.resolve("o.json")).query("G", "T", 0));
    }

    @Test
    void commitsAreExactSoSeeksBackwardsStick() {
        ConsumerOffsetTable t = new ConsumerOffsetTable(dir.resolve("o.json"));
        t.commit("G", "T", 0, 10);
        t.commit("G", "T", 0, 3);
        assertEquals(3, t.query("G", "T", 0));
    }

    @Test
    void negativeOffsetsFromOldClientsAreIgnored() {
        ConsumerOffsetTable t = new ConsumerOffsetTable(dir.resolve("o.json"));
        t.commit("G", "T", 0, 5);
        t.commit("G", "T", 0, -1);
        assertEquals(5, t.query("G", "T", 0));
    }

    @Test
    void persistedOffsetsAreReadBackAfterARestart() throws Exception {
        Path file = dir.resolve("config/consumerOffset.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file);
        t.commit("G", "T", 0, 42);
        t.commit("G", "T", 3, 7);
        t.commit("H", "T", 0, 1);
        t.persist();
        ConsumerOffsetTable again = new ConsumerOffsetTable(file);
        again.load();
        assertEquals(42, again.query("G", "T", 0));
        assertEquals(7, again.query("G", "T", 3));
        assertEquals(1, again.query("H", "T", 0));
    }

    @Test
    void aTempFileLeftByACrashDoesNotMatter() throws Exception {
        Path file = dir.resolve("consumerOffset.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file);
        t.commit("G", "T", 0, 9);
        t.persist();
        Files.writeString(dir.resolve("consumerOffset.json.tmp"), "{\"offsetTable\":{\"T@G\":{\"0\":");
        ConsumerOffsetTable again = new ConsumerOffsetTable(file);
        again.load();
        assertEquals(9, again.query("G", "T", 0));
    }

    @Test
    void unreadableFileIsNamedWithWhatToDo() throws Exception {
        Path file = dir.resolve("consumerOffset.json");
        Files.writeString(file, "not json");
        IOException e = assertThrows(IOException.class, () -> new ConsumerOffsetTable(file).load());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("remove it"), e.getMessage());
    }

    @Test
    void aPersistOnAnInterruptedThreadStillWritesAndKeepsTheInterrupt() throws Exception {
        // Shutdown persists from whatever thread stops the broker, and that thread may be interrupted.
        Path file = dir.resolve("consumerOffset.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file);
        t.commit("G", "T", 0, 42);
        Thread.currentThread().interrupt();
        t.persist();
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        ConsumerOffsetTable again = new ConsumerOffsetTable(file);
        again.load();
        assertEquals(42, again.query("G", "T", 0));
    }

    @Test
    void concurrentPersistsNeverFailAndTheNewestOffsetsWin() throws Exception {
        // The periodic persist and the shutdown persist may run at once.
        Path file = dir.resolve("consumerOffset.json");
        ConsumerOffsetTable t = new ConsumerOffsetTable(file);
        int writers = 2;
        int commits = 50;
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int queueId = w;
            threads.add(new Thread(() -> {
                for (int i = 1; i <= commits; i++) {
                    t.commit("G", "T", queueId, i);
                    if (!t.persist()) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, failed.get(), "persists that failed");
        ConsumerOffsetTable again = new ConsumerOffsetTable(file);
        again.load();
        for (int w = 0; w < writers; w++) {
            assertEquals(commits, again.query("G", "T", w), "queue " + w);
        }
        assertFalse(Files.exists(dir.resolve("consumerOffset.json.tmp")), "a temporary file was left behind");
    }
}

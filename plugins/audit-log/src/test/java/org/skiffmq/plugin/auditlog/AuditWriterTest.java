package org.skiffmq.plugin.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterTest {
    @TempDir
    Path dir;

    /** A writer whose thread waits for {@code go} before it writes anything. */
    private AuditWriter heldWriter(Path file, int capacity, CountDownLatch go) {
        return new AuditWriter(new RollingFile(file, 1 << 20, 2), capacity, run -> new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            run.run();
        }));
    }

    @Test
    void linesAreWrittenInOrderAndCloseWritesWhatIsQueued() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditWriter writer = heldWriter(file, 10, new CountDownLatch(0));
        writer.offer("one");
        writer.offer("two");
        writer.close();
        assertEquals(List.of("one", "two"), Files.readAllLines(file));
        assertEquals(2, writer.written());
    }

    @Test
    void lineThatDoesNotFitIsDroppedCountedAndNotedInTheFile() throws Exception {
        Path file = dir.resolve("audit.log");
        CountDownLatch go = new CountDownLatch(1);
        AuditWriter writer = heldWriter(file, 2, go);
        assertTrue(writer.offer("one"));
        assertTrue(writer.offer("two"));
        assertFalse(writer.offer("three"), "the queue is full: the send must not wait");
        assertEquals(1, writer.dropped());
        go.countDown();
        writer.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("one", "two"), lines.subList(0, 2));
        assertTrue(lines.get(2).startsWith("# audit-log dropped 1 lines"), lines.toString());
    }

    @Test
    void nothingIsCreatedBeforeTheFirstLine() throws Exception {
        AuditWriter writer = heldWriter(dir.resolve("sub").resolve("audit.log"), 10, new CountDownLatch(0));
        writer.close();
        assertFalse(Files.exists(dir.resolve("sub")));
    }

    @Test
    void linesAfterCloseAreDroppedAndCounted() throws Exception {
        AuditWriter writer = heldWriter(dir.resolve("audit.log"), 10, new CountDownLatch(0));
        writer.close();
        assertFalse(writer.offer("late"));
        assertEquals(1, writer.dropped());
    }
}

package org.skiffmq.kernel.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

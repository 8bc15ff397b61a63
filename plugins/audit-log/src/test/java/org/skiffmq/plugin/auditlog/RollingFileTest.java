package org.skiffmq.plugin.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingFileTest {
    @TempDir
    Path dir;

    @Test
    void lineThatWouldPassTheLimitGoesToANewFileAndTheOldOneBecomesDotOne() throws Exception {
        Path file = dir.resolve("audit.log");
        try (RollingFile rolling = new RollingFile(file, 10, 3)) {
            rolling.write("aaaa");   // 5 bytes with the newline
            rolling.write("bbbb");   // 10
            rolling.write("cccc");   // would be 15: rolls first
        }
        assertEquals(List.of("cccc"), Files.readAllLines(file));
        assertEquals(List.of("aaaa", "bbbb"), Files.readAllLines(dir.resolve("audit.log.1")));
    }

    @Test
    void onlyFilesKeptRolledFilesRemainNewestFirst() throws Exception {
        Path file = dir.resolve("audit.log");
        try (RollingFile rolling = new RollingFile(file, 4, 2)) {
            for (String line : List.of("l1", "l2", "l3", "l4")) {
                rolling.write(line);   // 3 bytes each: every second line rolls
            }
        }
        assertEquals(List.of("l4"), Files.readAllLines(file));
        assertEquals(List.of("l3"), Files.readAllLines(dir.resolve("audit.log.1")));
        assertEquals(List.of("l2"), Files.readAllLines(dir.resolve("audit.log.2")));
        assertFalse(Files.exists(dir.resolve("audit.log.3")));
    }

    @Test
    void reopeningAppendsAndCountsWhatIsAlreadyThere() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "old\n");
        try (RollingFile rolling = new RollingFile(file, 8, 1)) {
            rolling.write("new");    // 4 + 4 = 8: fits
            rolling.write("x");      // rolls
        }
        assertEquals(List.of("old", "new"), Files.readAllLines(dir.resolve("audit.log.1")));
        assertEquals(List.of("x"), Files.readAllLines(file));
    }
}

package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeTableTest {

    @Test
    void alignsTheColumnsAndTotalsFilesAndMebibytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SizeTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(
                new Piece("module", "org.skiffmq.api", "lib/skiffmq-api.jar", 1024 * 1024),
                new Piece("plugin", "require-keys", "plugins/require-keys.zip", 512 * 1024)));

        assertEquals(String.join(System.lineSeparator(),
                "piece                   file                            size",
                "-----                   ----                            ----",
                "module org.skiffmq.api  lib/skiffmq-api.jar       1024.0 KiB",
                "plugin require-keys     plugins/require-keys.zip   512.0 KiB",
                "total                   2 files                      1.5 MiB",
                ""), bytes.toString(StandardCharsets.UTF_8));
    }
}

package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistOptionsTest {

    @Test
    void defaultsToMmapAndNettyWithoutPlugins() throws Exception {
        DistOptions options = DistOptions.parse(List.of("--out", "min"));

        assertEquals(List.of(), options.plugins());
        assertEquals("mmap", options.store());
        assertEquals("netty", options.transport());
        assertEquals(Path.of("min").toAbsolutePath().normalize(), options.out());
    }

    @Test
    void pluginsAreSplitTrimmedAndKeptOnceInTheirOrder() throws Exception {
        DistOptions options = DistOptions.parse(List.of("--plugins", "max-rate, require-keys,,max-rate",
                "--plugins", "audit-log", "--store", "mmap", "--transport", "netty", "--out", "x"));

        assertEquals(List.of("max-rate", "require-keys", "audit-log"), options.plugins());
    }

    @Test
    void withoutOutItSaysWhatIsMissing() {
        DistException e = assertThrows(DistException.class, () -> DistOptions.parse(List.of("--plugins", "a")));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("--out DIR"), e.getMessage());
    }

    @Test
    void anUnknownOptionListsTheOnesThatExist() {
        DistException e = assertThrows(DistException.class, () -> DistOptions.parse(List.of("--output", "x")));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("'--output'") && e.getMessage().contains("--plugins"), e.getMessage());
    }

    @Test
    void anOptionWithoutValueIsNamed() {
        DistException e = assertThrows(DistException.class, () -> DistOptions.parse(List.of("--out", "x", "--store")));

        assertEquals("--store needs a value", e.getMessage());
    }
}

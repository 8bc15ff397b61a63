package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copied broker.yaml against what the new distribution holds. */
class ConfCheckTest {
    @TempDir
    Path home;

    private void conf(String yaml) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/broker.yaml"), yaml);
    }

    private static DistOptions options(String... plugins) {
        return new DistOptions(List.of(plugins), "mmap", "netty", Path.of("unused"));
    }

    @Test
    void theShippedDefaultsFitTheMinimalDistribution() throws Exception {
        conf("transport: netty\nstore: { engine: mmap }\nsend: { hooks: [] }\nplugins: { dir: ./plugins }\n");

        ConfCheck.check(home, options());
    }

    @Test
    void aHookWithoutItsPluginIsRefusedWithWhatToDo() throws Exception {
        conf("send: { hooks: [require-keys] }\n");

        DistException e = assertThrows(DistException.class, () -> ConfCheck.check(home, options()));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("send.hooks names 'require-keys'")
                && e.getMessage().contains("--plugins"), e.getMessage());
    }

    @Test
    void aHookWhosePluginIsChosenPassesAndNothingIsUnpackedIntoTheDistribution() throws Exception {
        conf("send: { hooks: [require-keys] }\n");
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("skiff.requireKeysZip")), home.resolve("plugins/require-keys.zip"));

        ConfCheck.check(home, options("require-keys"));

        try (var files = Files.list(home.resolve("plugins"))) {
            assertEquals(List.of("require-keys.zip"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anotherStoreOrAPluginSectionWithoutPluginAreNamed() throws Exception {
        conf("store: { engine: rocks }\nmax-rate: { perSecond: 10 }\n");

        DistException e = assertThrows(DistException.class, () -> ConfCheck.check(home, options()));

        assertTrue(e.getMessage().contains("store.engine is 'rocks' but --store is 'mmap'")
                && e.getMessage().contains("'max-rate' section"), e.getMessage());
    }
}

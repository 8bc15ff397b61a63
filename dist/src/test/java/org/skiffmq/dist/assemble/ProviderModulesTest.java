package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores that come from plugin zips. (Tests run on the class path, where the built-in mmap store
 * is in no module; the distribution tests cover a built-in store found on the module path.)
 */
class ProviderModulesTest {
    @TempDir
    Path plugins;

    private void raftZip() throws Exception {
        Files.copy(Path.of(System.getProperty("skiff.storeRaftZip")), plugins.resolve("store-raft.zip"));
    }

    @Test
    void aStoreFromAPluginZipIsThatZipAndTheMmapModuleItBuildsOn() throws Exception {
        raftZip();

        ProviderModules.StoreSource raft = new ProviderModules(plugins).store("raft");

        assertEquals(new ProviderModules.StoreSource(List.of("org.skiffmq.store.mmap"), "store-raft"), raft);
    }

    @Test
    void anUnknownStoreIsRefusedWithTheBuiltInAndPluginStores() throws Exception {
        raftZip();

        DistException e = assertThrows(DistException.class, () -> new ProviderModules(plugins).store("rocks"));

        assertEquals(2, e.exitCode());
        assertEquals("no store called 'rocks' in this distribution; --store takes one of: mmap, raft", e.getMessage());
    }

    @Test
    void withoutItsZipTheRaftStoreIsUnknown() {
        DistException e = assertThrows(DistException.class, () -> new ProviderModules(plugins).store("raft"));

        assertEquals("no store called 'raft' in this distribution; --store takes one of: mmap", e.getMessage());
    }

    @Test
    void aZipThatDoesNotLoadIsNamedWithWhy() throws Exception {
        Files.write(plugins.resolve("broken.zip"), new byte[] {1, 2, 3});

        DistException e = assertThrows(DistException.class, () -> new ProviderModules(plugins).store("raft"));

        assertTrue(e.getMessage().contains("plugins that did not load: broken.zip ("), e.getMessage());
    }
}

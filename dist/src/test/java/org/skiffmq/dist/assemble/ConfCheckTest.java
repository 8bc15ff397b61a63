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

    /** A raft distribution: the raft examples of the distribution's sources, and the store's zip. */
    private DistOptions raft() throws Exception {
        Files.createDirectories(home.resolve("conf/raft"));
        for (String member : List.of("n0", "n1", "n2")) {
            Files.copy(RaftExampleConfigsTest.RAFT_EXAMPLES.resolve("broker-" + member + ".yaml"),
                    home.resolve("conf/raft/broker-" + member + ".yaml"));
        }
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("skiff.storeRaftZip")), home.resolve("plugins/store-raft.zip"));
        return new DistOptions(List.of("store-raft"), "raft", "netty", Path.of("unused"));
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
    void anAccessControlWithoutItsPluginIsRefused() throws Exception {
        conf("access: { control: plain-acl }\n");

        DistException e = assertThrows(DistException.class, () -> ConfCheck.check(home, options()));

        assertTrue(e.getMessage().contains("access.control names 'plain-acl'"), e.getMessage());
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

    @Test
    void theRaftExamplesFitARaftDistributionWithItsPlugin() throws Exception {
        DistOptions options = raft();

        List<ConfCheck.Checked> checked = ConfCheck.check(home, options);

        assertEquals(List.of("conf/raft/broker-n0.yaml", "conf/raft/broker-n1.yaml", "conf/raft/broker-n2.yaml"),
                checked.stream().map(ConfCheck.Checked::file).toList());
        assertEquals("raft", checked.get(2).config().store().engine());
        try (var files = Files.list(home.resolve("plugins"))) {
            assertEquals(List.of("store-raft.zip"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aRaftMemberTheStoreRefusesIsNamedWithTheStoresReason() throws Exception {
        DistOptions options = raft();
        Files.writeString(home.resolve("conf/raft/broker-n1.yaml"), String.join("\n",
                "nameServer: 127.0.0.1:9876",
                "store:",
                "  engine: raft",
                "  self: n1",
                "  peers: [ { id: n0, address: 127.0.0.1:40911 }, { id: n1, address: 127.0.0.1:40912 } ]",
                ""));

        DistException e = assertThrows(DistException.class, () -> ConfCheck.check(home, options));

        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("conf/raft/broker-n1.yaml of this distribution does not fit")
                && e.getMessage().contains("store (engine raft): store.peers lists 2 broker(s)")
                && !e.getMessage().contains("broker-n0.yaml"), e.getMessage());
    }

    @Test
    void aRaftConfigurationWithoutTheStoresPluginIsRefused() throws Exception {
        raft();

        DistException e = assertThrows(DistException.class, () -> ConfCheck.check(home,
                new DistOptions(List.of(), "raft", "netty", Path.of("unused"))));

        assertTrue(e.getMessage().contains("store 'raft' named in store.engine is not installed"), e.getMessage());
    }

    @Test
    void aBrokerYamlForAnotherStoreBesideTheRaftExamplesIsRefused() throws Exception {
        DistOptions options = raft();
        conf("store: { engine: mmap }\n");

        DistException e = assertThrows(DistException.class, () -> ConfCheck.check(home, options));

        assertTrue(e.getMessage().startsWith("conf/broker.yaml of this distribution does not fit")
                && e.getMessage().contains("store.engine is 'mmap' but --store is 'raft'"), e.getMessage());
    }
}

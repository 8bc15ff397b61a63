package org.skiffmq.dist.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.broker.StorePlan;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.plugin.ExtensionCatalog;

/**
 * The three raft examples of {@code conf/raft/}, loaded as a broker loads them and bound by the
 * raft store's own settings record from {@code store-raft.zip}: one group of three members on one
 * machine.
 */
class RaftExampleConfigsTest {
    /** The example configurations a distribution ships in conf/raft/ (tests run in the module's folder). */
    static final Path RAFT_EXAMPLES = Path.of("src/main/dist/conf/raft");
    private static final List<String> MEMBERS = List.of("n0", "n1", "n2");

    @TempDir
    Path home;

    /** A component of a record made by the plugin's class loader, read by its accessor. */
    private static Object component(Record settings, String name) throws Exception {
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getAccessor().invoke(settings);
            }
        }
        throw new AssertionError(settings.getClass() + " has no " + name);
    }

    @Test
    void theThreeExamplesFormOneGroupOfDistinctMembers() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("skiff.storeRaftZip")), plugins.resolve("store-raft.zip"));
        Set<Object> peerLists = new HashSet<>();
        Set<Object> groups = new HashSet<>();
        Set<String> brokerNames = new HashSet<>();
        Set<String> listens = new HashSet<>();
        Set<Path> directories = new HashSet<>();
        Set<String> ports = new HashSet<>();
        try (ExtensionCatalog catalog = ExtensionCatalog.discover(plugins)) {
            for (int i = 0; i < MEMBERS.size(); i++) {
                String member = MEMBERS.get(i);
                SkiffConfig config = ConfigLoader.load(RAFT_EXAMPLES.resolve("broker-" + member + ".yaml"));
                StorePlan<?> plan = StorePlan.of(catalog.store(config.store().engine(), "store.engine"), config.store(),
                        home);
                Record settings = plan.settings();

                assertEquals("org.skiffmq.store.raft.RaftStoreSettings", settings.getClass().getName());
                assertEquals(member, component(settings, "self"));
                assertEquals("./data-" + member, component(settings, "dir"));
                assertEquals("sync", component(settings, "flush"));
                assertEquals(home.resolve("data-" + member), plan.directory());
                assertEquals("127.0.0.1:" + (10911 + 10 * i), config.listen());
                assertEquals("127.0.0.1:9876", config.nameServer());
                assertFalse(config.embeddedNameServer());
                peerLists.add(component(settings, "peers"));
                groups.add(component(settings, "group"));
                brokerNames.add(config.brokerName());
                listens.add(config.listen());
                directories.add(plan.directory());
                ports.add(config.listen().substring(config.listen().lastIndexOf(':') + 1));
            }
            assertEquals(1, peerLists.size(), "the same peers on every member: " + peerLists);
            assertEquals(Set.of("broker-r"), groups);
            assertEquals(Set.of("broker-r"), brokerNames);
            assertEquals(3, listens.size());
            assertEquals(3, directories.size());
            List<?> peers = (List<?>) peerLists.iterator().next();
            assertEquals(3, peers.size());
            for (Object peer : peers) {
                String address = (String) component((Record) peer, "address");
                ports.add(address.substring(address.lastIndexOf(':') + 1));
            }
            assertEquals(Set.of("10911", "10921", "10931", "40911", "40912", "40913"), ports,
                    "client and Raft ports are all different");
        }
        try (var left = Files.list(home)) {
            assertEquals(List.of(plugins), left.toList(), "binding the examples creates no data folder");
        }
    }
}

package org.skiffmq.store.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.broker.StorePlan;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;

/**
 * The raft store's settings as a broker binds them from {@code broker.yaml}: every mistake a
 * user can make in the group's description stops the start with one line naming the key.
 */
class RaftStoreSettingsTest {
    private static final String PEERS = "peers: [{id: n0, address: '127.0.0.1:40911'}, {id: n1, address: '127.0.0.1:40912'},"
            + " {id: n2, address: '127.0.0.1:40913'}]";

    @TempDir
    Path home;

    private StorePlan<?> plan(String store) throws Exception {
        Path file = home.resolve("broker.yaml");
        Files.writeString(file, "store: { engine: raft, " + store + " }\n");
        SkiffConfig config = ConfigLoader.load(file);
        return StorePlan.of(new RaftStoreProvider(), config.store(), home);
    }

    private String refusal(String store) {
        ConfigException e = assertThrows(ConfigException.class, () -> plan(store));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("store (engine raft): "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aGoodGroupBindsWithTheDefaults() throws Exception {
        StorePlan<?> plan = plan("self: n1, dir: ./data-n1, " + PEERS);
        RaftStoreSettings s = (RaftStoreSettings) plan.settings();
        assertEquals(1, s.selfIndex());
        assertEquals("127.0.0.1", s.selfPeer().host());
        assertEquals(40912, s.selfPeer().port());
        assertEquals("async", s.flush());
        assertEquals(4 << 20, s.maxBodyBytes());
        assertEquals(home.resolve("data-n1"), plan.directory());
        assertEquals("raft member n1 of [n0, n1, n2], flush: async", s.summary());
        assertFalse(Files.exists(plan.directory()), "binding touched the folder");
    }

    @Test
    void thisBrokerMustBeAmongThePeers() {
        String e = refusal("self: n3, " + PEERS);
        assertTrue(e.contains("store.self") && e.contains("[n0, n1, n2]") && e.contains("'n3'"), e);
        assertTrue(refusal(PEERS).contains("store.self"), "a missing self is refused too");
    }

    @Test
    void duplicateIdsOrAddressesAreRefused() {
        assertTrue(refusal("self: n0, peers: [{id: n0, address: 'h:1'}, {id: n0, address: 'h:2'}, {id: n2, address: 'h:3'}]")
                .contains("store.peers names id n0 twice"));
        assertTrue(refusal("self: n0, peers: [{id: n0, address: 'h:1'}, {id: n1, address: 'h:1'}, {id: n2, address: 'h:3'}]")
                .contains("store.peers gives address h:1 twice"));
    }

    @Test
    void anEvenOrSingleMemberGroupIsRefused() {
        assertTrue(refusal("self: n0, peers: [{id: n0, address: 'h:1'}]").contains("store.peers lists 1 broker(s)"));
        assertTrue(refusal("self: n0, peers: [{id: n0, address: 'h:1'}, {id: n1, address: 'h:2'}]")
                .contains("odd number of at least 3"));
        assertTrue(refusal("self: n0, peers: [{id: n0, address: 'h:1'}, {id: n1, address: 'h:2'},"
                + " {id: n2, address: 'h:3'}, {id: n3, address: 'h:4'}]").contains("store.peers lists 4"));
        assertTrue(refusal("self: n0").contains("store.peers is missing"));
    }

    @Test
    void badPeerAddressesAndLocalSettingsNameTheirKey() {
        assertTrue(refusal("self: n0, peers: [{id: n0, address: 'nohost'}, {id: n1, address: 'h:2'}, {id: n2, address: 'h:3'}]")
                .contains("the address of peer n0 must be host:port"));
        assertTrue(refusal("self: n0, flush: always, " + PEERS).contains("store.flush must be 'async' or 'sync'"));
        assertTrue(refusal("self: n0, maxMessageSize: lots, " + PEERS).contains("store.maxMessageSize"));
        assertTrue(refusal("self: n0, electionTimeoutMillis: 10, " + PEERS).contains("store.electionTimeoutMillis"));
        assertTrue(refusal("self: n0, peerz: [], " + PEERS).contains("unknown setting 'peerz'"));
    }

    @Test
    void aFolderTheMmapStoreWroteIsRefusedWithoutBeingTouched() throws Exception {
        Path data = home.resolve("data");
        var mmap = new MmapStoreProvider().create(MmapStoreConfig.defaults(data).withCommitLogFileSize(1 << 20),
                java.time.Clock.systemUTC());
        mmap.start();
        mmap.shutdown();
        long before = Files.getLastModifiedTime(data).toMillis();
        String e = refusal("self: n0, " + PEERS);
        assertTrue(e.contains("holds a 'mmap' store") && e.contains("store.dir"), e);
        assertEquals(before, Files.getLastModifiedTime(data).toMillis());
    }

    @Test
    void anOldMmapFolderWithoutMarkerIsRefusedToo() throws Exception {
        Files.createDirectories(home.resolve("data/commitlog"));
        assertTrue(refusal("self: n0, " + PEERS).contains("written outside a raft group"));
    }
}

package org.skiffmq.kernel.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.kernel.ManualClock;
import org.skiffmq.kernel.protocol.Perm;
import org.skiffmq.kernel.protocol.TopicConfig;
import org.skiffmq.kernel.protocol.TopicRouteData;

class RouteInfoTableTest {

    private final ManualClock clock = new ManualClock();
    private final RouteInfoTable table = new RouteInfoTable(clock);

    private void register(String broker, String addr, String... topics) {
        assertNull(register(broker, addr, 0, 0, topics));
    }

    /** Registers a member of a replica group; null when recorded, else the refusal. */
    private String register(String broker, String addr, long brokerId, long term, String... topics) {
        Map<String, TopicConfig> configs = new java.util.HashMap<>();
        for (String t : topics) {
            configs.put(t, TopicConfig.of(t, 4, Perm.READ_WRITE));
        }
        return table.register(new RouteInfoTable.Registration("DefaultCluster", broker, addr, brokerId, 120_000,
                configs, null, term));
    }

    @Test
    void aNewMasterTakesIdZeroAndTheOldOneComesBackAsASlave() {
        assertNull(register("broker-a", "127.0.0.1:10911", 0, 3, "Orders"));
        assertNull(register("broker-a", "127.0.0.1:10921", 2, 3));
        assertNull(register("broker-a", "127.0.0.1:10921", 0, 4, "Orders"));
        assertEquals(Map.of(0L, "127.0.0.1:10921"), table.route("Orders").brokerDatas().get(0).brokerAddrs());
        assertNull(register("broker-a", "127.0.0.1:10911", 1, 4));
        assertEquals(Map.of(0L, "127.0.0.1:10921", 1L, "127.0.0.1:10911"),
                table.route("Orders").brokerDatas().get(0).brokerAddrs());
    }

    @Test
    void aStaleMasterWithALowerTermDoesNotTakeTheRouteBack() {
        assertNull(register("broker-a", "127.0.0.1:10911", 0, 3, "Orders"));
        assertNull(register("broker-a", "127.0.0.1:10921", 0, 4, "Orders"));
        String refused = register("broker-a", "127.0.0.1:10911", 0, 3, "Orders");
        assertTrue(refused != null && refused.contains("127.0.0.1:10921") && refused.contains("state version 4"),
                refused);
        assertEquals("127.0.0.1:10921", table.route("Orders").brokerDatas().get(0).brokerAddrs().get(0L));
    }

    @Test
    void theOldMastersExpiryTakesNothingOfTheNewMasters() {
        assertNull(register("broker-a", "127.0.0.1:10911", 0, 3, "Orders"));
        clock.millis += 60_000;
        assertNull(register("broker-a", "127.0.0.1:10921", 0, 4, "Orders"));
        clock.millis += 60_001;
        assertEquals(List.of("127.0.0.1:10911"), table.expireInactive());
        TopicRouteData route = table.route("Orders");
        assertNotNull(route, "the new master's queues went with the old master");
        assertEquals(Map.of(0L, "127.0.0.1:10921"), route.brokerDatas().get(0).brokerAddrs());
    }

    @Test
    void routeListsEveryBrokerHoldingTheTopic() {
        register("broker-a", "127.0.0.1:10911", "Orders");
        register("broker-b", "127.0.0.1:10921", "Orders", "Other");
        TopicRouteData route = table.route("Orders");
        assertEquals(2, route.queueDatas().size());
        assertEquals(List.of("broker-a", "broker-b"), route.brokerDatas().stream().map(b -> b.brokerName()).toList());
        assertEquals("127.0.0.1:10911", route.brokerDatas().get(0).brokerAddrs().get(0L));
        assertTrue(route.filterServerTable().isEmpty());
    }

    @Test
    void unknownTopicHasNoRoute() {
        register("broker-a", "127.0.0.1:10911", "Orders");
        assertNull(table.route("Nope"));
    }

    @Test
    void registrationsMergeTopicsInsteadOfReplacingThem() {
        register("broker-a", "127.0.0.1:10911", "Orders");
        register("broker-a", "127.0.0.1:10911", "Payments");
        assertNotNull(table.route("Orders"));
        assertNotNull(table.route("Payments"));
    }

    @Test
    void brokerSilentForLongerThanItsTimeoutIsDroppedWithItsQueues() {
        register("broker-a", "127.0.0.1:10911", "Orders");
        register("broker-b", "127.0.0.1:10921", "Orders");
        clock.millis += 60_000;
        register("broker-b", "127.0.0.1:10921", "Orders");
        clock.millis += 60_001;
        assertEquals(List.of("127.0.0.1:10911"), table.expireInactive());
        TopicRouteData route = table.route("Orders");
        assertEquals(1, route.queueDatas().size());
        assertEquals("broker-b", route.queueDatas().get(0).brokerName());
        assertEquals(1, table.clusterInfo().brokerAddrTable().size());
    }

    @Test
    void brokerWithinItsTimeoutStays() {
        register("broker-a", "127.0.0.1:10911", "Orders");
        clock.millis += 120_000;
        assertTrue(table.expireInactive().isEmpty());
        assertNotNull(table.route("Orders"));
    }

    @Test
    void unregisteredBrokerLeavesTopicsWithoutRoute() {
        register("broker-a", "127.0.0.1:10911", "Orders");
        table.unregister("127.0.0.1:10911");
        assertNull(table.route("Orders"));
        assertTrue(table.topics().topicList().isEmpty());
    }
}

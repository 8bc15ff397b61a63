package org.skiffmq.kernel.broker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.kernel.ManualClock;
import org.skiffmq.kernel.RecordingChannel;

class ClientRegistryTest {
    private final ClientRegistry registry = new ClientRegistry(new ManualClock());

    private static HeartbeatData heartbeat(String clientId, String group) {
        HeartbeatData.SubscriptionData sub = new HeartbeatData.SubscriptionData("T", "*", null, null, 1, "TAG", false);
        HeartbeatData.ConsumerData consumer = new HeartbeatData.ConsumerData(group, "CONSUME_PASSIVELY", "CLUSTERING",
                "CONSUME_FROM_LAST_OFFSET", List.of(sub), false);
        return new HeartbeatData(clientId, List.of(new HeartbeatData.ProducerData("PG")), List.of(consumer), 0, false);
    }

    @Test
    void aHeartbeatOnALiveConnectionRegistersItsGroups() {
        RecordingChannel channel = new RecordingChannel();
        assertEquals(java.util.Set.of("CG"), registry.heartbeat(channel, 0, heartbeat("C1", "CG")));
        assertEquals(List.of("C1"), registry.consumerIds("CG"));
        assertEquals(1, registry.producers("PG").size());
    }

    @Test
    void aHeartbeatHandledAfterItsConnectionClosedRegistersNothing() {
        // HEART_BEAT runs on an executor; its connection's close event may be handled first.
        RecordingChannel live = new RecordingChannel();
        registry.heartbeat(live, 0, heartbeat("C1", "CG"));
        RecordingChannel dead = new RecordingChannel();
        dead.close();
        registry.channelClosed(dead);

        assertTrue(registry.heartbeat(dead, 0, heartbeat("C2", "CG")).isEmpty(), "no group gained a member");
        assertEquals(List.of("C1"), registry.consumerIds("CG"), "the group rebalances over live members only");
        assertEquals(1, registry.producers("PG").size());
    }
}

package org.skiffmq.client.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.MessageQueue;

class LatencyFaultStrategyTest {
    private final ManualClock clock = new ManualClock();
    private final LatencyFaultStrategy strategy = new LatencyFaultStrategy(clock);
    private final List<MessageQueue> queues = Queues.of("T", 4, "broker-a", "broker-b");

    @Test
    void avoidanceGrowsWithLatencyAsInRocketMq() {
        assertEquals(0, LatencyFaultStrategy.unavailableFor(0));
        assertEquals(0, LatencyFaultStrategy.unavailableFor(50));
        assertEquals(0, LatencyFaultStrategy.unavailableFor(549));
        assertEquals(2000, LatencyFaultStrategy.unavailableFor(550));
        assertEquals(2000, LatencyFaultStrategy.unavailableFor(1799));
        assertEquals(5000, LatencyFaultStrategy.unavailableFor(1800));
        assertEquals(6000, LatencyFaultStrategy.unavailableFor(3000));
        assertEquals(10000, LatencyFaultStrategy.unavailableFor(5000));
        assertEquals(30000, LatencyFaultStrategy.unavailableFor(15000));
        assertEquals(30000, LatencyFaultStrategy.unavailableFor(LatencyFaultStrategy.FAILURE_LATENCY_MILLIS));
    }

    @Test
    void fastBrokersShareTheSendsEvenly() {
        Map<String, Integer> counts = pick(80, null);
        assertEquals(40, counts.get("broker-a"));
        assertEquals(40, counts.get("broker-b"));
    }

    @Test
    void failedBrokerGetsNothingForThirtySeconds() {
        strategy.onSendResult("broker-a", 3, true);
        assertFalse(strategy.isAvailable("broker-a"));
        assertEquals(Map.of("broker-b", 100), pick(100, null));
        clock.advance(29_999);
        assertFalse(strategy.isAvailable("broker-a"));
        clock.advance(1);
        assertTrue(strategy.isAvailable("broker-a"));
        assertEquals(48, pick(96, null).get("broker-a"));
    }

    @Test
    void slowBrokerIsAvoidedForTheWindowItsLatencyEarns() {
        strategy.onSendResult("broker-b", 600, false);
        assertEquals(Map.of("broker-a", 20), pick(20, null));
        clock.advance(2000);
        assertTrue(strategy.isAvailable("broker-b"));
    }

    @Test
    void quickSuccessMakesABrokerAvailableAgainAtOnce() {
        strategy.onSendResult("broker-a", 1, true);
        strategy.onSendResult("broker-a", 2, false);
        assertTrue(strategy.isAvailable("broker-a"));
    }

    @Test
    void retryGoesToAnotherBrokerThanTheOneThatJustFailed() {
        for (int i = 0; i < 16; i++) {
            assertEquals("broker-b", strategy.selectQueue(queues, "broker-a").brokerName());
        }
    }

    @Test
    void whenEveryBrokerIsAvoidedTheOneBackSoonestIsUsed() {
        strategy.onSendResult("broker-a", 1, true);
        clock.advance(10_000);
        strategy.onSendResult("broker-b", 1, true);
        assertEquals(Map.of("broker-a", 10), pick(10, null));
    }

    @Test
    void anAvoidedBrokerBeatsRepeatingTheFailureJustSeen() {
        strategy.onSendResult("broker-b", 2000, false);
        MessageQueue retry = strategy.selectQueue(queues, "broker-a");
        assertEquals("broker-b", retry.brokerName());
    }

    @Test
    void aSingleBrokerIsStillUsedWhenItIsAvoided() {
        List<MessageQueue> one = Queues.of("T", 2, "broker-a");
        strategy.onSendResult("broker-a", 1, true);
        MessageQueue queue = strategy.selectQueue(one, "broker-a");
        assertEquals("broker-a", queue.brokerName());
    }

    @Test
    void eachTopicHasItsOwnRoundRobin() {
        List<MessageQueue> other = Queues.of("U", 4, "broker-a", "broker-b");
        MessageQueue first = strategy.selectQueue(queues, null);
        strategy.selectQueue(other, null);
        MessageQueue second = strategy.selectQueue(queues, null);
        assertNotEquals(first, second);
        assertEquals(first.queueId() + 1, second.queueId());
    }

    private Map<String, Integer> pick(int times, String lastFailed) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < times; i++) {
            counts.merge(strategy.selectQueue(queues, lastFailed).brokerName(), 1, Integer::sum);
        }
        return counts;
    }
}

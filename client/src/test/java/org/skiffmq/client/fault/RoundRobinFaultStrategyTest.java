package org.skiffmq.client.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.MessageQueue;

class RoundRobinFaultStrategyTest {
    private final RoundRobinFaultStrategy strategy = new RoundRobinFaultStrategy();
    private final List<MessageQueue> queues = Queues.of("T", 2, "broker-a", "broker-b");

    @Test
    void visitsEveryQueueInTurn() {
        for (int round = 0; round < 3; round++) {
            for (MessageQueue expected : queues) {
                assertEquals(expected, strategy.selectQueue(queues, null));
            }
        }
    }

    @Test
    void stepsPastTheBrokerThatJustFailed() {
        for (int i = 0; i < 8; i++) {
            assertEquals("broker-b", strategy.selectQueue(queues, "broker-a").brokerName());
        }
    }

    @Test
    void remembersNoFailureBetweenSends() {
        strategy.onSendResult("broker-a", 10_000, true);
        assertTrue(strategy.isAvailable("broker-a"));
        assertEquals("broker-a", strategy.selectQueue(queues, null).brokerName());
    }

    @Test
    void aSingleBrokerIsUsedEvenRightAfterItFailed() {
        List<MessageQueue> one = Queues.of("T", 2, "broker-a");
        assertEquals("broker-a", strategy.selectQueue(one, "broker-a").brokerName());
    }
}

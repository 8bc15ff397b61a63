package org.skiffmq.client.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.MessageQueue;

class AverageAllocationTest {

    private static List<MessageQueue> queues(int count) {
        List<MessageQueue> queues = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            queues.add(new MessageQueue("T", "broker-a", i));
        }
        return queues;
    }

    private static List<Integer> ids(List<MessageQueue> queues) {
        return queues.stream().map(MessageQueue::queueId).toList();
    }

    @Test
    void eightQueuesOverThreeClientsGiveTheFirstTwoAnExtraQueueInContiguousBlocks() {
        List<String> clients = List.of("c0", "c1", "c2");
        assertEquals(List.of(0, 1, 2), ids(AverageAllocation.allocate(queues(8), clients, "c0")));
        assertEquals(List.of(3, 4, 5), ids(AverageAllocation.allocate(queues(8), clients, "c1")));
        assertEquals(List.of(6, 7), ids(AverageAllocation.allocate(queues(8), clients, "c2")));
    }

    @Test
    void queuesAndClientsAreSortedFirstSoEveryMemberComputesTheSameSplit() {
        List<MessageQueue> shuffled = new ArrayList<>(queues(4));
        Collections.reverse(shuffled);
        assertEquals(List.of(0, 1), ids(AverageAllocation.allocate(shuffled, List.of("b", "a"), "a")));
        assertEquals(List.of(2, 3), ids(AverageAllocation.allocate(shuffled, List.of("b", "a"), "b")));
    }

    @Test
    void brokersAreOrderedByNameBeforeQueueIds() {
        List<MessageQueue> all = List.of(new MessageQueue("T", "broker-b", 0), new MessageQueue("T", "broker-a", 1),
                new MessageQueue("T", "broker-a", 0), new MessageQueue("T", "broker-b", 1));
        assertEquals(List.of(new MessageQueue("T", "broker-a", 0), new MessageQueue("T", "broker-a", 1)),
                AverageAllocation.allocate(all, List.of("x", "y"), "x"));
    }

    @Test
    void clientsBeyondTheQueueCountGetNothing() {
        List<String> clients = List.of("a", "b", "c");
        assertEquals(List.of(0), ids(AverageAllocation.allocate(queues(2), clients, "a")));
        assertEquals(List.of(1), ids(AverageAllocation.allocate(queues(2), clients, "b")));
        assertEquals(List.of(), ids(AverageAllocation.allocate(queues(2), clients, "c")));
    }

    @Test
    void aClientTheBrokerDoesNotListGetsNothing() {
        assertEquals(List.of(), AverageAllocation.allocate(queues(4), List.of("a", "b"), "z"));
    }

    @Test
    void everyQueueGoesToExactlyOneClient() {
        for (int queueCount = 1; queueCount <= 17; queueCount++) {
            for (int clientCount = 1; clientCount <= 6; clientCount++) {
                List<String> clients = new ArrayList<>();
                for (int c = 0; c < clientCount; c++) {
                    clients.add("client-" + c);
                }
                List<MessageQueue> handedOut = new ArrayList<>();
                for (String client : clients) {
                    handedOut.addAll(AverageAllocation.allocate(queues(queueCount), clients, client));
                }
                handedOut.sort(null);
                assertEquals(queues(queueCount), handedOut, queueCount + " queues, " + clientCount + " clients");
            }
        }
    }
}

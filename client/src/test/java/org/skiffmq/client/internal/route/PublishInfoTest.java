package org.skiffmq.client.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.MessageQueue;

class PublishInfoTest {

    private static TopicRoute.BrokerData broker(String name, String master) {
        return new TopicRoute.BrokerData("c", name, master == null ? Map.of(1L, "10.0.0.9:1") : Map.of(0L, master));
    }

    @Test
    void writableQueuesOfEveryBrokerSortedByBrokerName() {
        TopicRoute route = new TopicRoute(
                List.of(new TopicRoute.QueueData("broker-b", 2, 2, 6, 0), new TopicRoute.QueueData("broker-a", 3, 1, 6, 0)),
                List.of(broker("broker-a", "10.0.0.1:10911"), broker("broker-b", "10.0.0.2:10911")), null);
        PublishInfo info = PublishInfo.of("T", route);
        assertEquals(List.of(new MessageQueue("T", "broker-a", 0), new MessageQueue("T", "broker-b", 0),
                new MessageQueue("T", "broker-b", 1)), info.queues());
        assertEquals("10.0.0.2:10911", info.brokerAddress("broker-b"));
        assertFalse(info.fromDefaultTopic());
    }

    @Test
    void readOnlyQueuesAndBrokersWithoutAMasterGetNoSends() {
        TopicRoute route = new TopicRoute(
                List.of(new TopicRoute.QueueData("broker-a", 4, 4, 4, 0), new TopicRoute.QueueData("broker-b", 4, 4, 6, 0)),
                List.of(broker("broker-a", "10.0.0.1:10911"), broker("broker-b", null)), null);
        assertTrue(PublishInfo.of("T", route).isEmpty());
    }

    @Test
    void templateRouteIsClampedToFourQueuesForAutoCreation() {
        TopicRoute template = new TopicRoute(List.of(new TopicRoute.QueueData("broker-a", 8, 8, 7, 0),
                new TopicRoute.QueueData("broker-b", 2, 8, 7, 0)),
                List.of(broker("broker-a", "10.0.0.1:10911"), broker("broker-b", "10.0.0.2:10911")), null);
        PublishInfo info = PublishInfo.fromDefaultTopic("NewTopic", template, PublishInfo.DEFAULT_TOPIC_QUEUE_NUMS);
        assertEquals(6, info.queues().size());
        assertEquals(4, info.queues().stream().filter(q -> q.brokerName().equals("broker-a")).count());
        assertEquals(2, info.queues().stream().filter(q -> q.brokerName().equals("broker-b")).count());
        assertTrue(info.queues().stream().allMatch(q -> q.topic().equals("NewTopic")));
        assertTrue(info.fromDefaultTopic());
    }

    @Test
    void orderTopicConfFixesTheQueues() {
        TopicRoute route = new TopicRoute(List.of(new TopicRoute.QueueData("broker-a", 8, 8, 6, 0)),
                List.of(broker("broker-a", "10.0.0.1:10911")), "broker-a:2");
        assertEquals(2, PublishInfo.of("T", route).queues().size());
    }
}

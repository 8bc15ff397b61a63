package org.skiffmq.client.fault;

import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.MessageQueue;

/** Queue lists as a producer's publish info holds them: sorted by broker, then queue id. */
final class Queues {
    private Queues() {
    }

    static List<MessageQueue> of(String topic, int perBroker, String... brokers) {
        List<MessageQueue> queues = new ArrayList<>();
        for (String broker : brokers) {
            for (int id = 0; id < perBroker; id++) {
                queues.add(new MessageQueue(topic, broker, id));
            }
        }
        return queues;
    }
}

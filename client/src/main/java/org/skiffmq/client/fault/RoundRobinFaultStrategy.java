package org.skiffmq.client.fault;

import java.util.List;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.message.MessageQueue;

/**
 * Plain round-robin over the topic's queues that remembers nothing between sends: within one
 * send it only steps past the broker whose attempt just failed (when another broker exists).
 * RocketMQ's behaviour with {@code sendLatencyFaultEnable=false}. Named {@value #NAME}.
 */
public final class RoundRobinFaultStrategy implements FaultStrategy {
    public static final String NAME = "round-robin";

    private final QueueCursor cursor = new QueueCursor();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageQueue selectQueue(List<MessageQueue> queues, String lastFailedBroker) {
        int size = queues.size();
        int start = cursor.next(queues.get(0).topic(), size);
        if (lastFailedBroker != null) {
            for (int i = 0; i < size; i++) {
                MessageQueue queue = queues.get((start + i) % size);
                if (!queue.brokerName().equals(lastFailedBroker)) {
                    return queue;
                }
            }
        }
        return queues.get(start);
    }

    /** Remembers nothing: avoidance lasts for one send only. */
    @Override
    public void onSendResult(String brokerName, long latencyMillis, boolean failed) {
    }

    @Override
    public boolean isAvailable(String brokerName) {
        return true;
    }
}

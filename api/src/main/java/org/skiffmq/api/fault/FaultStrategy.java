package org.skiffmq.api.fault;

import java.util.List;
import org.skiffmq.api.message.MessageQueue;

/**
 * Picks the queue for each send attempt and learns from how attempts went, so a producer keeps
 * away from slow or failing brokers. One instance per producer; called from many threads.
 */
public interface FaultStrategy {

    /** The stable name configuration uses for this strategy, e.g. {@code latency}. */
    String name();

    /**
     * Picks a queue among the topic's writable {@code queues} (never empty).
     *
     * @param lastFailedBroker the broker of this send's previous failed attempt, or null
     */
    MessageQueue selectQueue(List<MessageQueue> queues, String lastFailedBroker);

    /**
     * Reports one attempt's outcome.
     *
     * @param latencyMillis how long the attempt took
     * @param failed        whether it failed (connection, timeout or broker error)
     */
    void onSendResult(String brokerName, long latencyMillis, boolean failed);

    /** Whether the strategy currently lets sends go to this broker. */
    boolean isAvailable(String brokerName);
}

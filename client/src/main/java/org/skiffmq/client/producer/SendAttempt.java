package org.skiffmq.client.producer;

import org.skiffmq.api.message.MessageQueue;

/**
 * One try at sending a message: where it went, how long it took and, when it failed, why.
 *
 * @param number        1 for the first try, 2 for the first retry, ...
 * @param queue         the queue it was sent to
 * @param brokerAddress the broker's {@code ip:port}, or null when the route had none
 * @param latencyMillis how long the try took
 * @param failure       why it failed, or null when it succeeded
 */
public record SendAttempt(int number, MessageQueue queue, String brokerAddress, long latencyMillis,
        Throwable failure) {

    public boolean succeeded() {
        return failure == null;
    }

    @Override
    public String toString() {
        return "attempt " + number + " to " + queue.brokerName() + " (" + brokerAddress + ") queue " + queue.queueId()
                + (failure == null ? ": ok" : ": failed") + " after " + latencyMillis + " ms"
                + (failure == null ? "" : ": " + failure.getMessage());
    }
}

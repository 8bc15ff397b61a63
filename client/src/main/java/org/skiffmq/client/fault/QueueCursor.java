package org.skiffmq.client.fault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where round-robin queue choice stands, per topic, so that each topic's sends spread over all
 * of its queues no matter how sends to other topics interleave. Thread-safe.
 */
final class QueueCursor {
    private final Map<String, AtomicInteger> byTopic = new ConcurrentHashMap<>();

    /** The index to start from for the next send to {@code topic}, in {@code [0, size)}. */
    int next(String topic, int size) {
        return Math.floorMod(byTopic.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement(), size);
    }
}

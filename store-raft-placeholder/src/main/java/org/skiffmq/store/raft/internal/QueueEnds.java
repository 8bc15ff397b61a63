package org.skiffmq.store.raft.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * How many messages of each queue the applied Raft entries hold: the queue offset the next
 * applied message of a queue gets. After a restart the local store may hold more than the last
 * snapshot counted (it kept writing after it); comparing the two tells the state machine which
 * replayed entries are already stored, so none is stored twice.
 */
final class QueueEnds {
    private final Map<String, Long> next = new HashMap<>();

    /** The queue offset the next applied message of (topic, queueId) gets. */
    long next(String topic, int queueId) {
        return next.getOrDefault(key(topic, queueId), 0L);
    }

    void advance(String topic, int queueId, int messages) {
        next.merge(key(topic, queueId), (long) messages, Long::sum);
    }

    /** Every queue with its end, as {@code topic}, {@code queueId}, {@code end}. */
    Map<String, Long> copy() {
        return Map.copyOf(next);
    }

    void replace(Map<String, Long> table) {
        next.clear();
        next.putAll(table);
    }

    static String key(String topic, int queueId) {
        return topic + "\t" + queueId;
    }

    static String topicOf(String key) {
        return key.substring(0, key.lastIndexOf('\t'));
    }

    static int queueIdOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('\t') + 1));
    }

}

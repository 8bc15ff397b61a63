package org.skiffmq.kernel.broker.consume;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.message.MessageQueue;

/**
 * Which client of a consumer group holds each queue, for orderly consumers: a queue is consumed
 * by one client at a time. A lock lasts 60 s unless renewed (clients renew every 20 s), so a
 * crashed client's queues are freed. Thread-safe; each group's table is locked as a whole.
 */
public final class QueueLockTable {
    /** RocketMQ's rebalance lock lifetime. */
    public static final long LOCK_MILLIS = 60_000;

    private record Holder(String clientId, long lastRenewed) {
    }

    private final Clock clock;
    private final Map<String, Map<MessageQueue, Holder>> groups = new ConcurrentHashMap<>();

    public QueueLockTable(Clock clock) {
        this.clock = clock;
    }

    /** Locks or renews the queues free or already held by the client; returns those it now holds. */
    public Set<MessageQueue> lock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Holder> table = groups.computeIfAbsent(group, k -> new ConcurrentHashMap<>());
        Set<MessageQueue> locked = new LinkedHashSet<>();
        long now = clock.millis();
        synchronized (table) {
            for (MessageQueue mq : queues) {
                Holder holder = table.get(mq);
                if (holder == null || holder.clientId().equals(clientId) || now - holder.lastRenewed() > LOCK_MILLIS) {
                    table.put(mq, new Holder(clientId, now));
                    locked.add(mq);
                }
            }
        }
        return locked;
    }

    /** Releases the queues the client holds. */
    public void unlock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Holder> table = groups.get(group);
        if (table == null) {
            return;
        }
        synchronized (table) {
            for (MessageQueue mq : queues) {
                Holder holder = table.get(mq);
                if (holder != null && holder.clientId().equals(clientId)) {
                    table.remove(mq);
                }
            }
        }
    }
}

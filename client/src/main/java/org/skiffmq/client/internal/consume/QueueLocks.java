package org.skiffmq.client.internal.consume;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An orderly clustering consumer's queue locks on the brokers (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ,
 * one request per broker): taken before a queue is pulled, renewed on a schedule, given up when
 * the queue leaves this client. A queue whose renewal the broker refuses stops being consumed
 * until a later renewal wins it back. Called from the consumer's scheduler thread.
 */
final class QueueLocks {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLocks.class);

    private final BrokerCalls calls;
    private final String group;
    private final String clientId;
    private final Clock clock;

    QueueLocks(BrokerCalls calls, String group, String clientId, Clock clock) {
        this.calls = calls;
        this.group = group;
        this.clientId = clientId;
        this.clock = clock;
    }

    /** Locks the queues; returns those this client now holds (a broker that fails locks none). */
    Set<MessageQueue> lock(Collection<MessageQueue> queues) throws InterruptedException {
        Set<MessageQueue> locked = new HashSet<>();
        for (Map.Entry<String, List<MessageQueue>> broker : byBroker(queues).entrySet()) {
            try {
                locked.addAll(calls.lock(broker.getKey(), group, clientId, broker.getValue()));
            } catch (ClientException e) {
                LOG.warn("Consumer group {} could not lock {} queue(s) on broker {}: {}", group,
                        broker.getValue().size(), broker.getKey(), e.getMessage());
            }
        }
        return locked;
    }

    /** Renews the locks of the assigned queues, marking each held or lost. */
    void renew(Collection<QueueState> queues) throws InterruptedException {
        if (queues.isEmpty()) {
            return;
        }
        Set<MessageQueue> held = lock(queues.stream().map(q -> q.queue).toList());
        long now = clock.millis();
        for (QueueState q : queues) {
            if (held.contains(q.queue)) {
                q.locked(now);
            } else {
                q.lockLost();
            }
        }
    }

    void unlock(Collection<MessageQueue> queues) throws InterruptedException {
        for (Map.Entry<String, List<MessageQueue>> broker : byBroker(queues).entrySet()) {
            try {
                calls.unlock(broker.getKey(), group, clientId, broker.getValue());
            } catch (ClientException e) {
                LOG.debug("Consumer group {} could not unlock queues on broker {} ({}); the broker frees them when"
                        + " the lock expires", group, broker.getKey(), e.getMessage());
            }
        }
    }

    private static Map<String, List<MessageQueue>> byBroker(Collection<MessageQueue> queues) {
        return queues.stream().collect(Collectors.groupingBy(MessageQueue::brokerName, TreeMap::new,
                Collectors.toList()));
    }
}

package org.skiffmq.client.internal.consume;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.route.SubscribeInfo;
import org.skiffmq.client.internal.route.TopicRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which queues this client reads (RocketMQ's RebalanceService) and starts or stops them.
 * For each subscribed topic: its readable queues from the route; in clustering mode the group's
 * members from a broker that holds the topic (GET_CONSUMER_LIST_BY_GROUP) and this client's
 * share by {@link AverageAllocation}; in broadcasting mode every queue. A queue that leaves this
 * client is dropped, its offset committed (and waited for), and for orderly consumers its lock
 * released, so the member that gets it next continues where this one stopped. A new queue is
 * locked first (orderly clustering), starts at its committed offset or by consume-from-where, and
 * is pulled. Runs on the consumer's scheduler thread only.
 */
final class Rebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);
    /** How long a queue being released waits for its orderly listener call to finish. */
    private static final long RELEASE_WAIT_MILLIS = 1000;

    private final ConsumerSettings settings;
    private final String clientId;
    private final TopicRoutes routes;
    private final BrokerCalls calls;
    private final OffsetStore offsets;
    private final StartOffsets starts;
    private final PullService pulls;
    private final QueueLocks locks;
    private final Map<MessageQueue, QueueState> assigned;
    private final List<String> topics;
    private final long callTimeoutMillis;

    /** @param locks null unless the consumer is orderly and clustering */
    Rebalancer(ConsumerSettings settings, String clientId, TopicRoutes routes, BrokerCalls calls, OffsetStore offsets,
            StartOffsets starts, PullService pulls, QueueLocks locks, Map<MessageQueue, QueueState> assigned,
            List<String> topics, long callTimeoutMillis) {
        this.settings = settings;
        this.clientId = clientId;
        this.routes = routes;
        this.calls = calls;
        this.offsets = offsets;
        this.starts = starts;
        this.pulls = pulls;
        this.locks = locks;
        this.assigned = assigned;
        this.topics = List.copyOf(topics);
        this.callTimeoutMillis = callTimeoutMillis;
    }

    void rebalance() {
        for (String topic : topics) {
            try {
                rebalance(topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ClientException | RuntimeException e) {
                LOG.warn("Consumer group {} could not rebalance topic {}: {}; trying again at the next rebalance",
                        settings.group(), topic, e.getMessage());
            }
        }
    }

    private void rebalance(String topic) throws ClientException, InterruptedException {
        SubscribeInfo info = routes.subscribeInfo(topic, callTimeoutMillis);
        if (info == null) {
            LOG.debug("Topic {} has no route yet; consumer group {} waits for it", topic, settings.group());
            return;
        }
        List<MessageQueue> mine;
        if (!settings.clustering() || info.queues().isEmpty()) {
            mine = info.queues();
        } else {
            List<String> members = calls.consumerIds(info.queues().get(0).brokerName(), settings.group());
            if (members.isEmpty()) {
                LOG.debug("Broker {} knows no member of group {} yet; keeping the current queues of {}",
                        info.queues().get(0).brokerName(), settings.group(), topic);
                return;
            }
            mine = AverageAllocation.allocate(info.queues(), members, clientId);
        }
        apply(topic, new HashSet<>(mine));
    }

    private void apply(String topic, Set<MessageQueue> mine) throws InterruptedException {
        for (QueueState state : new ArrayList<>(assigned.values())) {
            if (state.queue.topic().equals(topic) && !mine.contains(state.queue)) {
                LOG.info("Consumer group {} gives up {}", settings.group(), state.queue);
                release(List.of(state));
            }
        }
        List<MessageQueue> added = new ArrayList<>();
        for (MessageQueue mq : mine) {
            if (!assigned.containsKey(mq)) {
                added.add(mq);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Set<MessageQueue> locked = locks == null ? Set.copyOf(added) : locks.lock(added);
        for (MessageQueue mq : added) {
            if (!locked.contains(mq)) {
                LOG.debug("Queue {} is locked by another member of group {}; trying again at the next rebalance", mq,
                        settings.group());
                continue;
            }
            long start;
            try {
                start = starts.of(mq);
            } catch (ClientException e) {
                LOG.warn("Consumer group {} cannot tell where to start {}: {}; trying again at the next rebalance",
                        settings.group(), mq, e.getMessage());
                continue;
            }
            QueueState state = new QueueState(mq, start);
            if (locks != null) {
                state.locked(settings.clock().millis());
            }
            offsets.update(mq, start, false);
            assigned.put(mq, state);
            LOG.info("Consumer group {} takes {} from offset {}", settings.group(), mq, start);
            pulls.start(state);
        }
    }

    /** Stops the queues and hands them over: commit (waited for), then unlock. Also used at shutdown. */
    void release(List<QueueState> states) throws InterruptedException {
        List<MessageQueue> queues = new ArrayList<>();
        List<QueueState> waited = new ArrayList<>();
        for (QueueState state : states) {
            assigned.remove(state.queue, state);
            state.drop();
            queues.add(state.queue);
            // An orderly listener call in progress must end before another member may take the queue.
            if (locks != null && state.consumeLock.tryLock(RELEASE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                waited.add(state);
            }
        }
        try {
            offsets.persistAndWait(queues);
            queues.forEach(offsets::forget);
            if (locks != null) {
                locks.unlock(queues);
            }
        } finally {
            waited.forEach(s -> s.consumeLock.unlock());
        }
    }
}

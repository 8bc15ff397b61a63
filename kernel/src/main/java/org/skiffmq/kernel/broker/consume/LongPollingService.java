package org.skiffmq.kernel.broker.consume;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageArrivalListener;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds pulls that found nothing new and answers each exactly once: the moment a matching message
 * is stored in its queue (the store's arrival signal), when a fallback re-check finds the queue
 * grew (for stores that cannot signal), or when its suspend time runs out (then with whatever the
 * queue holds, normally PULL_NOT_FOUND). Answers are computed on the pull executor, never on the
 * appending thread.
 */
final class LongPollingService implements MessageArrivalListener {
    private static final Logger LOG = LoggerFactory.getLogger(LongPollingService.class);
    /** The client waits 30 s for a suspended pull; answer well inside that whatever it asked. */
    private static final long MAX_SUSPEND_MILLIS = 25_000;
    private static final long DEADLINE_SCAN_MILLIS = 200;

    /** One parked pull. */
    static final class HeldPull {
        final RemotingChannel channel;
        final RemotingCommand request;
        final PullHeader header;
        final MessageFilter filter;
        long deadline;
        private final AtomicBoolean answered = new AtomicBoolean();

        HeldPull(RemotingChannel channel, RemotingCommand request, PullHeader header, MessageFilter filter) {
            this.channel = channel;
            this.request = request;
            this.header = header;
            this.filter = filter;
        }
    }

    private record QueueKey(String topic, int queueId) {
    }

    private final Map<QueueKey, Queue<HeldPull>> held = new ConcurrentHashMap<>();
    private final MessageStore store;
    private final PullProcessor processor;
    private final Executor executor;
    private final Clock clock;
    private final long fallbackMillis;
    private final ScheduledExecutorService timer = BoundedExecutors.scheduled("skiff-longpoll");

    LongPollingService(MessageStore store, PullProcessor processor, Executor executor, Clock clock,
            long fallbackMillis) {
        this.store = store;
        this.processor = processor;
        this.executor = executor;
        this.clock = clock;
        this.fallbackMillis = fallbackMillis;
    }

    void start() {
        timer.scheduleWithFixedDelay(GuardedLoop.of("The long-polling deadline scan", this::scanDeadlines),
                DEADLINE_SCAN_MILLIS, DEADLINE_SCAN_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(GuardedLoop.of("The long-polling re-check", this::recheckAll),
                fallbackMillis, fallbackMillis, TimeUnit.MILLISECONDS);
    }

    void hold(HeldPull pull) {
        pull.request.markSuspended();
        pull.deadline = clock.millis() + Math.min(pull.header.suspendTimeoutMillis(), MAX_SUSPEND_MILLIS);
        QueueKey key = new QueueKey(pull.header.topic(), pull.header.queueId());
        // One atomic step per key, like the scan's removal of an empty queue: with a lookup and an
        // add, the scan could drop the queue in between, and the pull would wait in a queue that no
        // arrival, re-check or deadline ever sees again (the client's own 30 s timeout ends it).
        held.compute(key, (k, waiting) -> {
            Queue<HeldPull> queue = waiting != null ? waiting : new ConcurrentLinkedQueue<>();
            queue.add(pull);
            return queue;
        });
        // A message stored between the lookup and this registration signalled nobody: look again.
        boolean grown;
        try {
            grown = store.maxQueueOffset(key.topic(), key.queueId()) > pull.header.queueOffset();
        } catch (RuntimeException e) {
            grown = true; // the pull is held now: the answer reports what fails
        }
        if (grown) {
            answer(key, pull);
        }
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagsCode) {
        if (held.isEmpty()) {
            return;
        }
        QueueKey key = new QueueKey(topic, queueId);
        Queue<HeldPull> waiting = held.get(key);
        if (waiting == null) {
            return;
        }
        for (HeldPull pull : waiting) {
            if (queueOffset >= pull.header.queueOffset() && pull.filter.matches(tagsCode)) {
                answer(key, pull);
            }
        }
    }

    /** Fallback for signals that never come: answer pulls whose queue has grown. */
    void recheckAll() {
        for (Map.Entry<QueueKey, Queue<HeldPull>> e : held.entrySet()) {
            long max = store.maxQueueOffset(e.getKey().topic(), e.getKey().queueId());
            for (HeldPull pull : e.getValue()) {
                if (max > pull.header.queueOffset()) {
                    answer(e.getKey(), pull);
                }
            }
        }
    }

    /** Answers pulls past their deadline or whose connection closed, and forgets queues left empty. */
    void scanDeadlines() {
        long now = clock.millis();
        for (Map.Entry<QueueKey, Queue<HeldPull>> e : held.entrySet()) {
            for (HeldPull pull : e.getValue()) {
                if (now >= pull.deadline || !pull.channel.isActive()) {
                    answer(e.getKey(), pull);
                }
            }
            held.computeIfPresent(e.getKey(), (k, waiting) -> waiting.isEmpty() ? null : waiting);
        }
    }

    /** Answers a held pull once, whoever gets there first; never drops the answer. */
    private void answer(QueueKey key, HeldPull pull) {
        if (!pull.answered.compareAndSet(false, true)) {
            return;
        }
        Queue<HeldPull> waiting = held.get(key);
        if (waiting != null) {
            waiting.remove(pull);
        }
        if (!pull.channel.isActive()) {
            return;
        }
        try {
            executor.execute(() -> pull.channel.writeResponse(pull.request, read(pull)));
        } catch (RejectedExecutionException busy) {
            // The pull executor is saturated. Without an answer the client would wait out its 30 s
            // timeout; a cheap "pull again now" (no read) brings it back at once.
            LOG.debug("Pull executor busy; a held pull for {}/{} is told to pull again", key.topic(), key.queueId());
            pull.channel.writeResponse(pull.request, processor.retryNow(pull.header));
        }
    }

    /** The held pull's answer: what the queue holds now, or SYSTEM_ERROR naming why it could not be read. */
    private RemotingCommand read(HeldPull pull) {
        try {
            return processor.lookup(pull.header, pull.filter);
        } catch (RuntimeException e) {
            String queue = pull.header.topic() + "/" + pull.header.queueId();
            LOG.warn("Answering a held pull for {} failed: {}", queue, e.toString());
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "Reading queue " + queue + " at offset "
                    + pull.header.queueOffset() + " failed: " + e + "; pull again").ensureExtFields();
        }
    }

    /** Stops the timers and answers every held pull with what the queue holds now. */
    void shutdown() {
        timer.shutdownNow();
        for (Map.Entry<QueueKey, Queue<HeldPull>> e : held.entrySet()) {
            for (Iterator<HeldPull> it = e.getValue().iterator(); it.hasNext(); ) {
                HeldPull pull = it.next();
                try {
                    if (pull.answered.compareAndSet(false, true) && pull.channel.isActive()) {
                        pull.channel.writeResponse(pull.request, read(pull));
                    }
                } catch (RuntimeException ex) {
                    LOG.warn("Could not answer a held pull at shutdown: {}", ex.toString());
                }
            }
        }
        held.clear();
    }
}

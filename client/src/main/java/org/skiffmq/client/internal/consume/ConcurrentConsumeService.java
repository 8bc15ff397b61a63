package org.skiffmq.client.internal.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeConcurrentlyContext;
import org.skiffmq.client.consumer.ConsumeConcurrentlyStatus;
import org.skiffmq.client.consumer.MessageListenerConcurrently;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MessageListenerConcurrently} on the consume threads, one task per batch, in no
 * particular order. A consumed batch leaves the queue's unconsumed messages, which moves the
 * commit offset to the lowest message still unconsumed. RECONSUME_LATER (or a listener that
 * throws) hands each message back to the broker for a retry; in broadcasting mode it is only
 * logged, as RocketMQ does, since there is no group retry topic to share. A message that could not
 * be handed back is consumed again here after {@value #LOCAL_RETRY_MILLIS} ms. A batch whose
 * outcome cannot be recorded (an unexpected error) is never dropped: its commit is tried again
 * after the pull retry delay, or, when handing it back failed, it is consumed again here.
 */
final class ConcurrentConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentConsumeService.class);
    static final long LOCAL_RETRY_MILLIS = 5000;

    private final ConsumerSettings settings;
    private final MessageListenerConcurrently listener;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final OffsetStore offsets;
    private final MessageReturner returner;
    private volatile boolean stopping;

    ConcurrentConsumeService(ConsumerSettings settings, MessageListenerConcurrently listener, ExecutorService pool,
            ScheduledExecutorService scheduler, OffsetStore offsets, MessageReturner returner) {
        this.settings = settings;
        this.listener = listener;
        this.pool = pool;
        this.scheduler = scheduler;
        this.offsets = offsets;
        this.returner = returner;
    }

    @Override
    public void submit(QueueState queue, List<StoredMessage> messages) {
        int batch = settings.consumeBatchSize();
        for (int from = 0; from < messages.size(); from += batch) {
            List<StoredMessage> part = List.copyOf(messages.subList(from, Math.min(messages.size(), from + batch)));
            try {
                pool.execute(() -> consume(queue, part));
            } catch (RejectedExecutionException e) {
                return; // Shutting down: these messages stay uncommitted and come again.
            }
        }
    }

    private void consume(QueueState queue, List<StoredMessage> messages) {
        if (stopping || queue.dropped()) {
            return;
        }
        ConsumeConcurrentlyContext context = new ConsumeConcurrentlyContext(queue.queue);
        ConsumeConcurrentlyStatus status;
        try {
            status = listener.consumeMessage(messages, context);
        } catch (Throwable t) {
            LOG.warn("The listener of consumer group {} threw on {} message(s) of {}; they will be consumed again",
                    settings.group(), messages.size(), queue.queue, t);
            status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
        if (status == null) {
            status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
        if (queue.dropped()) {
            return; // The queue went to another member; what it commits there is its business.
        }
        List<StoredMessage> done;
        try {
            done = messages;
            if (status == ConsumeConcurrentlyStatus.RECONSUME_LATER && settings.clustering()) {
                done = giveBack(queue, messages, context.delayLevelWhenNextConsume());
            } else if (status == ConsumeConcurrentlyStatus.RECONSUME_LATER) {
                LOG.warn("Broadcasting consumer group {} does not retry: {} message(s) of {} are dropped",
                        settings.group(), messages.size(), queue.queue);
            }
        } catch (RuntimeException e) {
            // Unknown which ones went back to the broker: consuming all again here repeats some, loses none.
            LOG.warn("Settling {} message(s) of {} for consumer group {} failed unexpectedly; they are consumed again"
                    + " in {} ms", messages.size(), queue.queue, settings.group(), LOCAL_RETRY_MILLIS, e);
            consumeLater(queue, messages);
            return;
        }
        commit(queue, done);
    }

    /**
     * Takes finished messages out of the queue's unconsumed ones and moves the commit offset. If
     * that throws, it is tried again after the pull retry delay: left undone, the messages would
     * hold the queue's commit offset back for good.
     */
    private void commit(QueueState queue, List<StoredMessage> done) {
        if (queue.dropped()) {
            return;
        }
        try {
            offsets.update(queue.queue, queue.messages.remove(done), true);
        } catch (RuntimeException e) {
            LOG.warn("Committing {} consumed message(s) of {} for consumer group {} failed unexpectedly; trying again"
                    + " in {} ms", done.size(), queue.queue, settings.group(), settings.pullRetryMillis(), e);
            try {
                scheduler.schedule(() -> commit(queue, done), settings.pullRetryMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException r) {
                // Shutting down: the messages stay uncommitted and come again.
            }
        }
    }

    /** Returns the messages that are now the broker's (and so count as done here). */
    private List<StoredMessage> giveBack(QueueState queue, List<StoredMessage> messages, int delayLevel) {
        List<StoredMessage> returned = new ArrayList<>(messages.size());
        List<StoredMessage> kept = new ArrayList<>();
        for (StoredMessage m : messages) {
            boolean back;
            try {
                back = returner.giveBack(m, queue.queue.brokerName(), delayLevel);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                back = false;
            } catch (RuntimeException e) {
                LOG.warn("Handing message {} of {} back failed unexpectedly; it is consumed again here", m.getMsgId(),
                        queue.queue, e);
                back = false;
            }
            (back ? returned : kept).add(m);
        }
        if (!kept.isEmpty()) {
            kept.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
            consumeLater(queue, kept);
        }
        return returned;
    }

    private void consumeLater(QueueState queue, List<StoredMessage> messages) {
        try {
            scheduler.schedule(() -> submit(queue, messages), LOCAL_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the messages stay uncommitted and come again.
        }
    }

    @Override
    public void shutdown() {
        stopping = true;
        ConsumerThreads.stop(pool, "consume threads of group " + settings.group());
    }
}

package org.skiffmq.client.internal.consume;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeOrderlyContext;
import org.skiffmq.client.consumer.ConsumeOrderlyStatus;
import org.skiffmq.client.consumer.MessageListenerOrderly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MessageListenerOrderly}: each queue is consumed by at most one task at a time,
 * batch after batch in offset order, and in clustering mode only while this client holds the
 * queue's lock on the broker. SUSPEND_CURRENT_QUEUE_A_MOMENT (or a listener that throws) pauses
 * the queue and hands the same batch over again, with its reconsume count raised. A task yields
 * its thread after {@value #MAX_BATCHES_PER_TURN} batches so one busy queue cannot starve others.
 */
final class OrderlyConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderlyConsumeService.class);
    private static final int MAX_BATCHES_PER_TURN = 100;

    private final ConsumerSettings settings;
    private final MessageListenerOrderly listener;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final OffsetStore offsets;
    private volatile boolean stopping;

    OrderlyConsumeService(ConsumerSettings settings, MessageListenerOrderly listener, ExecutorService pool,
            ScheduledExecutorService scheduler, OffsetStore offsets) {
        this.settings = settings;
        this.listener = listener;
        this.pool = pool;
        this.scheduler = scheduler;
        this.offsets = offsets;
    }

    @Override
    public void submit(QueueState queue, List<StoredMessage> messages) {
        if (queue.consumeScheduled.compareAndSet(false, true)) {
            execute(queue);
        }
    }

    private void execute(QueueState queue) {
        try {
            pool.execute(() -> consume(queue));
        } catch (RejectedExecutionException e) {
            queue.consumeScheduled.set(false); // Shutting down.
        }
    }

    /** Runs with {@code consumeScheduled} set; clears it only when nothing is left to hand out. */
    private void consume(QueueState queue) {
        for (int turn = 0; turn < MAX_BATCHES_PER_TURN; turn++) {
            if (stopping || queue.dropped()) {
                queue.consumeScheduled.set(false);
                return;
            }
            if (settings.clustering() && !queue.holdsLock(settings.clock().millis(), settings.lockValidMillis())) {
                later(queue, settings.pullRetryMillis());
                return;
            }
            queue.consumeLock.lock();
            try {
                if (queue.dropped()) {
                    queue.consumeScheduled.set(false);
                    return;
                }
                List<StoredMessage> batch = queue.messages.takeInOrder(settings.consumeBatchSize());
                if (batch.isEmpty()) {
                    queue.consumeScheduled.set(false);
                    // A pull may have added messages after the take and before the flag cleared.
                    if (queue.messages.hasUntaken() && queue.consumeScheduled.compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
                ConsumeOrderlyContext context = new ConsumeOrderlyContext(queue.queue);
                if (!consumed(queue, batch, context)) {
                    queue.messages.giveBack(batch);
                    batch.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
                    later(queue, context.suspendCurrentQueueTimeMillis());
                    return;
                }
                offsets.update(queue.queue, queue.messages.remove(batch), true);
            } finally {
                queue.consumeLock.unlock();
            }
        }
        execute(queue);
    }

    private boolean consumed(QueueState queue, List<StoredMessage> batch, ConsumeOrderlyContext context) {
        try {
            return listener.consumeMessage(batch, context) == ConsumeOrderlyStatus.SUCCESS;
        } catch (Throwable t) {
            LOG.warn("The orderly listener of consumer group {} threw on {} message(s) of {}; the queue pauses and"
                    + " they come again", settings.group(), batch.size(), queue.queue, t);
            return false;
        }
    }

    private void later(QueueState queue, long delayMillis) {
        try {
            scheduler.schedule(() -> execute(queue), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            queue.consumeScheduled.set(false);
        }
    }

    @Override
    public void shutdown() {
        stopping = true;
        ConsumerThreads.stop(pool, "consume threads of group " + settings.group());
    }
}

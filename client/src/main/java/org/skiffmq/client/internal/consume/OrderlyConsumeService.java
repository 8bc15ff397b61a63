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

    /**
     * Runs with {@code consumeScheduled} set; clears it only when nothing is left to hand out. An
     * unexpected error keeps the flag and runs the queue again after the pull retry delay: with
     * the flag left set and no task queued, no pull could ever restart the queue.
     */
    private void consume(QueueState queue) {
        try {
            if (consumeTurn(queue)) {
                execute(queue);
            }
        } catch (RuntimeException e) {
            LOG.warn("Consuming {} for consumer group {} failed unexpectedly; trying again in {} ms", queue.queue,
                    settings.group(), settings.pullRetryMillis(), e);
            later(queue, settings.pullRetryMillis());
        }
    }

    /** Consumes batches until the queue is empty, paused or the turn is over; true to go on in a new task. */
    private boolean consumeTurn(QueueState queue) {
        for (int turn = 0; turn < MAX_BATCHES_PER_TURN; turn++) {
            if (stopping || queue.dropped()) {
                queue.consumeScheduled.set(false);
                return false;
            }
            if (settings.clustering() && !queue.holdsLock(settings.clock().millis(), settings.lockValidMillis())) {
                later(queue, settings.pullRetryMillis());
                return false;
            }
            queue.consumeLock.lock();
            try {
                if (queue.dropped()) {
                    queue.consumeScheduled.set(false);
                    return false;
                }
                List<StoredMessage> batch = queue.messages.takeInOrder(settings.consumeBatchSize());
                if (batch.isEmpty()) {
                    // Commits what an earlier turn consumed but failed to commit.
                    offsets.update(queue.queue, queue.messages.commitOffset(), true);
                    queue.consumeScheduled.set(false);
                    // A pull may have added messages after the take and before the flag cleared.
                    if (queue.messages.hasUntaken() && queue.consumeScheduled.compareAndSet(false, true)) {
                        continue;
                    }
                    return false;
                }
                if (!consumeBatch(queue, batch)) {
                    return false;
                }
            } finally {
                queue.consumeLock.unlock();
            }
        }
        return true;
    }

    /**
     * Hands one batch to the listener and records the outcome; false when the queue pauses. If
     * the bookkeeping throws, the batch is settled first so it is neither lost nor repeated: a
     * batch the listener consumed leaves the queue (committed once the queue runs empty), any
     * other is given back to be handed over again.
     */
    private boolean consumeBatch(QueueState queue, List<StoredMessage> batch) {
        boolean consumed = false;
        try {
            ConsumeOrderlyContext context = new ConsumeOrderlyContext(queue.queue);
            consumed = consumed(queue, batch, context);
            if (!consumed) {
                queue.messages.giveBack(batch);
                batch.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
                later(queue, context.suspendCurrentQueueTimeMillis());
                return false;
            }
            offsets.update(queue.queue, queue.messages.remove(batch), true);
            return true;
        } catch (RuntimeException e) {
            if (consumed) {
                queue.messages.remove(batch);
            } else {
                queue.messages.giveBack(batch);
            }
            throw e;
        }
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
            queue.consumeScheduled.set(false); // Shutting down.
        } catch (RuntimeException e) {
            // Waiting for a pull to restart the queue could wait forever on a quiet queue: cut the pause short.
            LOG.warn("Could not schedule {} of consumer group {} to be consumed again in {} ms; consuming it now",
                    queue.queue, settings.group(), delayMillis, e);
            execute(queue);
        }
    }

    @Override
    public void shutdown() {
        stopping = true;
        ConsumerThreads.stop(pool, "consume threads of group " + settings.group());
    }
}

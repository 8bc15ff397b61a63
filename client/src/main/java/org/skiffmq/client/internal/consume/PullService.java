package org.skiffmq.client.internal.consume;

import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.client.internal.instance.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one PULL_MESSAGE outstanding for every assigned queue (RocketMQ's PullMessageService).
 * Each pull may be held by the broker for up to the suspend timeout until a message arrives, so
 * the client waits longer (the long-poll timeout) for its answer. Answers are handled on the
 * pull thread:
 *
 * <ul>
 *   <li>FOUND: decode, filter by exact tag, queue the messages for the listener, pull again at
 *       {@code nextBeginOffset};</li>
 *   <li>PULL_NOT_FOUND, PULL_RETRY_IMMEDIATELY: pull again at {@code nextBeginOffset};</li>
 *   <li>PULL_OFFSET_MOVED: the old offset is gone (retention) or never was: continue at
 *       {@code nextBeginOffset} and commit it;</li>
 *   <li>anything else, or no answer: pull again after the retry delay.</li>
 * </ul>
 *
 * Flow control: a queue with more than the threshold of messages waiting for the listener is not
 * pulled until it drains; an orderly clustering queue is pulled only while this client holds its
 * lock. Thread-safe; all pulling happens on the one pull thread.
 */
final class PullService {
    private static final Logger LOG = LoggerFactory.getLogger(PullService.class);
    /** Pull sysFlag bits (PULL_MESSAGE header). */
    static final int FLAG_COMMIT_OFFSET = 0x1;
    static final int FLAG_SUSPEND = 0x2;
    static final int FLAG_SUBSCRIPTION = 0x4;
    /** How soon a queue held back by flow control is looked at again (RocketMQ: 50 ms). */
    static final long FLOW_CONTROL_DELAY_MILLIS = 50;

    private final ConsumerSettings settings;
    private final BrokerCalls calls;
    private final Map<String, Subscription> subscriptions;
    private final OffsetStore offsets;
    private final ConsumeService consume;
    private final ScheduledExecutorService pullThread;
    private final String retryTopic;

    PullService(ConsumerSettings settings, BrokerCalls calls, Map<String, Subscription> subscriptions,
            OffsetStore offsets, ConsumeService consume, ScheduledExecutorService pullThread) {
        this.settings = settings;
        this.calls = calls;
        this.subscriptions = Map.copyOf(subscriptions);
        this.offsets = offsets;
        this.consume = consume;
        this.pullThread = pullThread;
        this.retryTopic = ConsumerEngine.RETRY_PREFIX + settings.group();
    }

    /** Starts pulling a newly assigned queue; it stops by itself once the queue is dropped. */
    void start(QueueState queue) {
        later(queue, 0);
    }

    /**
     * Pulls once, guarded: whatever goes wrong, the queue is pulled again later. Pulls chain from
     * one to the next, so one unexpected exception lost here would stop the queue for good.
     */
    private void pull(QueueState queue) {
        try {
            pullOnce(queue);
        } catch (RuntimeException e) {
            LOG.warn("Pull of {} at {} failed unexpectedly; trying again in {} ms", queue.queue, queue.pullOffset(),
                    settings.pullRetryMillis(), e);
            later(queue, settings.pullRetryMillis());
        }
    }

    private void pullOnce(QueueState queue) {
        if (queue.dropped()) {
            return;
        }
        if (queue.messages.count() > settings.flowControlThreshold()) {
            LOG.trace("{} has {} messages waiting for the listener; not pulling it for now", queue.queue,
                    queue.messages.count());
            later(queue, FLOW_CONTROL_DELAY_MILLIS);
            return;
        }
        if (settings.orderly() && settings.clustering()
                && !queue.holdsLock(settings.clock().millis(), settings.lockValidMillis())) {
            later(queue, settings.pullRetryMillis());
            return;
        }
        Subscription subscription = subscriptions.get(queue.queue.topic());
        if (subscription == null) {
            return;
        }
        calls.invokeAsync(queue.queue.brokerName(), request(queue, subscription), settings.longPollTimeoutMillis())
                .whenCompleteAsync((response, failure) -> handleGuarded(queue, subscription, response, failure),
                        pullThread);
    }

    /** An answer whose handling throws (an undecodable body, say) is pulled again later, at the same offset. */
    private void handleGuarded(QueueState queue, Subscription subscription, RemotingCommand response,
            Throwable failure) {
        try {
            handle(queue, subscription, response, failure);
        } catch (RuntimeException e) {
            LOG.warn("Handling the pull answer for {} at {} failed unexpectedly; trying again in {} ms", queue.queue,
                    queue.pullOffset(), settings.pullRetryMillis(), e);
            later(queue, settings.pullRetryMillis());
        }
    }

    private RemotingCommand request(QueueState queue, Subscription subscription) {
        long committed = settings.clustering() ? offsets.current(queue.queue) : -1;
        int sysFlag = FLAG_SUSPEND | FLAG_SUBSCRIPTION | (committed > 0 ? FLAG_COMMIT_OFFSET : 0);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", settings.group())
                .putExt("topic", queue.queue.topic())
                .putExt("queueId", queue.queue.queueId())
                .putExt("queueOffset", queue.pullOffset())
                .putExt("maxMsgNums", settings.pullBatchSize())
                .putExt("sysFlag", sysFlag)
                .putExt("commitOffset", Math.max(0, committed))
                .putExt("suspendTimeoutMillis", settings.suspendTimeoutMillis())
                .putExt("subscription", subscription.expression())
                .putExt("subVersion", subscription.version())
                .putExt("expressionType", "TAG");
    }

    private void handle(QueueState queue, Subscription subscription, RemotingCommand response, Throwable failure) {
        if (queue.dropped()) {
            return;
        }
        if (failure != null) {
            LOG.debug("Pull of {} at {} failed: {}; trying again in {} ms", queue.queue, queue.pullOffset(),
                    failure.getMessage(), settings.pullRetryMillis());
            later(queue, settings.pullRetryMillis());
            return;
        }
        long next;
        try {
            next = response.getCode() == ResponseCode.SUCCESS || response.getCode() == ResponseCode.PULL_NOT_FOUND
                    || response.getCode() == ResponseCode.PULL_RETRY_IMMEDIATELY
                    || response.getCode() == ResponseCode.PULL_OFFSET_MOVED
                    ? response.requiredLongExt("nextBeginOffset") : -1;
        } catch (RuntimeException e) {
            LOG.warn("Broker {} answered a pull of {} without a usable nextBeginOffset ({}); trying again in {} ms",
                    queue.queue.brokerName(), queue.queue, e.getMessage(), settings.pullRetryMillis());
            later(queue, settings.pullRetryMillis());
            return;
        }
        switch (response.getCode()) {
            case ResponseCode.SUCCESS -> {
                List<StoredMessage> messages = PullBody.decode(response.getBody(), subscription, retryTopic);
                queue.messages.add(messages, next);
                queue.pullFrom(next);
                if (!messages.isEmpty()) {
                    submit(queue, messages);
                }
                pull(queue);
            }
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY -> {
                queue.messages.add(List.of(), next);
                queue.pullFrom(next);
                pull(queue);
            }
            case ResponseCode.PULL_OFFSET_MOVED -> {
                LOG.warn("Broker {} moved the offset of {} from {} to {} (messages deleted, or the offset was past"
                        + " the end); continuing there", queue.queue.brokerName(), queue.queue, queue.pullOffset(), next);
                queue.messages.moveTo(next);
                queue.pullFrom(next);
                offsets.update(queue.queue, next, false);
                offsets.persist(List.of(queue.queue));
                pull(queue);
            }
            default -> {
                LOG.warn("Pull of {} at {} refused: {}; trying again in {} ms", queue.queue, queue.pullOffset(),
                        calls.refused(response, queue.queue.brokerName()).getMessage(), settings.pullRetryMillis());
                later(queue, settings.pullRetryMillis());
            }
        }
    }

    /**
     * Hands pulled messages to the listener. They are already counted as waiting (so their offset
     * is not committed past them); if the hand-over throws they are handed over again later,
     * instead of waiting uncommitted forever.
     */
    private void submit(QueueState queue, List<StoredMessage> messages) {
        if (queue.dropped()) {
            return;
        }
        try {
            consume.submit(queue, messages);
        } catch (RuntimeException e) {
            LOG.warn("Handing {} pulled message(s) of {} to the listener failed; trying again in {} ms",
                    messages.size(), queue.queue, settings.pullRetryMillis(), e);
            try {
                pullThread.schedule(() -> submit(queue, messages), settings.pullRetryMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the messages stay uncommitted and come again after a restart
            }
        }
    }

    private void later(QueueState queue, long delayMillis) {
        try {
            pullThread.schedule(() -> pull(queue), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: no more pulls.
        }
    }
}

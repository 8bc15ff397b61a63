package org.skiffmq.kernel.broker.consume;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingServer;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.stats.BrokerStats;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.skiffmq.kernel.config.ConsumeSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's read side, put together: pulls with long polling, consumer offsets (persisted on a
 * schedule and at shutdown), offset queries, and orderly-consumer queue locks.
 */
public final class ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeService.class);
    /** LITE_PULL_MESSAGE: a pull with the same header, from lite-pull consumers. */
    public static final int LITE_PULL_MESSAGE = 361;

    private final MessageStore store;
    private final ConsumerOffsetTable offsets;
    private final PullProcessor pullProcessor;
    private final LongPollingService longPolling;
    private final OffsetProcessors offsetProcessors;
    private final LockProcessors lockProcessors;
    private final ThreadPoolExecutor pullExecutor;
    private final ScheduledExecutorService persister = BoundedExecutors.scheduled("skiff-offsets");
    private final long persistMillis;

    public ConsumeService(MessageStore store, TopicConfigTable topics, ClientRegistry clients, Path offsetsFile,
            ConsumeSection config, Clock clock) {
        this.store = store;
        this.offsets = new ConsumerOffsetTable(offsetsFile);
        this.pullExecutor = BoundedExecutors.fixed("skiff-pull", config.pullThreads(), 100_000);
        this.pullProcessor = new PullProcessor(store, topics, offsets, clients,
                config.maxPullBytes().toIntExact("consume.maxPullBytes"));
        this.longPolling = new LongPollingService(store, pullProcessor, pullExecutor, clock,
                config.longPollFallbackMillis());
        this.pullProcessor.setLongPolling(longPolling);
        this.offsetProcessors = new OffsetProcessors(offsets, store);
        this.lockProcessors = new LockProcessors(new QueueLockTable(clock));
        this.persistMillis = config.offsetPersistMillis();
    }

    /** Pulls follow the groups' settings (consumeEnable, consumeBroadcastEnable). */
    public void useGroups(SubscriptionGroupTable groups) {
        pullProcessor.useGroups(groups);
    }

    /** Counts what pulls hand out in {@code stats}. */
    public void countDeliveries(BrokerStats stats) {
        pullProcessor.countDeliveries(stats);
    }

    /** Pulls waiting for a pull thread. */
    public int pullQueueSize() {
        return pullExecutor.getQueue().size();
    }

    public void registerProcessors(RemotingServer server, Executor adminExecutor) {
        server.registerProcessor(RequestCode.PULL_MESSAGE, pullProcessor, pullExecutor);
        server.registerProcessor(LITE_PULL_MESSAGE, pullProcessor, pullExecutor);
        server.registerProcessor(RequestCode.QUERY_CONSUMER_OFFSET, offsetProcessors::query, adminExecutor);
        server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, offsetProcessors::update, adminExecutor);
        server.registerProcessor(RequestCode.GET_MAX_OFFSET, offsetProcessors::max, adminExecutor);
        server.registerProcessor(RequestCode.GET_MIN_OFFSET, offsetProcessors::min, adminExecutor);
        server.registerProcessor(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, offsetProcessors::searchByTime, adminExecutor);
        server.registerProcessor(RequestCode.LOCK_BATCH_MQ, lockProcessors::lock, adminExecutor);
        server.registerProcessor(RequestCode.UNLOCK_BATCH_MQ, lockProcessors::unlock, adminExecutor);
    }

    /** Loads offsets and starts long polling; call after the store started. */
    public void start() throws IOException {
        offsets.load();
        store.setArrivalListener(longPolling);
        longPolling.start();
        persister.scheduleWithFixedDelay(GuardedLoop.of("The consumer offset persist", offsets::persist),
                persistMillis, persistMillis, TimeUnit.MILLISECONDS);
    }

    public ConsumerOffsetTable offsets() {
        return offsets;
    }

    /** Answers held pulls and stops the pull threads; call before the transport stops. */
    public void stopServing() {
        longPolling.shutdown();
        BoundedExecutors.shutdown(pullExecutor);
    }

    /**
     * Writes the offsets a last time; call after the transport stopped. A periodic persist still
     * running finishes first (persists take turns), and an interrupt does not stop this one.
     */
    public void shutdown() {
        persister.shutdown();
        if (!offsets.persist()) {
            LOG.error("The last consumer offsets could not be written; consumers resume from the previous persist");
        }
    }
}

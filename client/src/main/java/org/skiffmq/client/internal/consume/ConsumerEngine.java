package org.skiffmq.client.internal.consume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.consumer.MessageListenerConcurrently;
import org.skiffmq.client.consumer.MessageListenerOrderly;
import org.skiffmq.client.internal.instance.ClientInstance;
import org.skiffmq.client.internal.instance.ClientInstances;
import org.skiffmq.client.internal.instance.ClientSettings;
import org.skiffmq.client.internal.instance.ClientThreads;
import org.skiffmq.client.internal.instance.ConsumerRegistration;
import org.skiffmq.client.internal.instance.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running push consumer, put together from its parts: the shared client instance (connections,
 * routes, heartbeats), the {@link Rebalancer}, the {@link PullService}, a {@link ConsumeService}
 * for the listener, an {@link OffsetStore} and, for orderly clustering consumers, the
 * {@link QueueLocks}. Its threads, all named {@code skiff-client-<instance>-<role>-N}:
 *
 * <ul>
 *   <li>{@code rebalance-<group>}: rebalancing (on schedule and on the broker's notice), offset
 *       commits and lock renewal;</li>
 *   <li>{@code pull-<group>}: every pull request and answer, and delayed re-pulls;</li>
 *   <li>{@code consume-<group>}: the listener calls.</li>
 * </ul>
 *
 * Shutdown stops them in that order, lets listener calls in progress finish, commits every
 * queue's offset and waits for it, unlocks orderly queues and unregisters the group; the last user
 * of the client instance also closes its connections.
 */
public final class ConsumerEngine implements ConsumerRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerEngine.class);
    public static final String RETRY_PREFIX = "%RETRY%";

    private final ConsumerSettings settings;
    private final ClientSettings clientSettings;
    private final MessageListenerConcurrently concurrentListener;
    private final MessageListenerOrderly orderlyListener;
    private final List<Subscription> subscriptions;
    private final Map<MessageQueue, QueueState> assigned = new ConcurrentHashMap<>();
    private volatile ClientInstance instance;
    private volatile ScheduledThreadPoolExecutor scheduler;
    private ScheduledThreadPoolExecutor pullThread;
    private ConsumeService consume;
    private OffsetStore offsets;
    private Rebalancer rebalancer;
    private QueueLocks locks;

    /** Exactly one of the listeners is non-null, as {@code settings.orderly()} says. */
    public ConsumerEngine(ConsumerSettings settings, ClientSettings clientSettings,
            MessageListenerConcurrently concurrentListener, MessageListenerOrderly orderlyListener) {
        this.settings = settings;
        this.clientSettings = clientSettings;
        this.concurrentListener = concurrentListener;
        this.orderlyListener = orderlyListener;
        List<Subscription> all = new ArrayList<>(settings.subscriptions());
        if (settings.clustering()) {
            // Messages handed back for retry come through the group's retry topic.
            all.add(Subscription.of(RETRY_PREFIX + settings.group(), Subscription.ALL, settings.clock().millis()));
        }
        this.subscriptions = List.copyOf(all);
    }

    /**
     * Joins the client instance, heartbeats the brokers of the subscribed topics, and starts
     * rebalancing, pulling and consuming.
     *
     * @throws ClientException when the group is in use in this instance, the offsets file cannot
     *                         be read, or no name server answers
     */
    public void start() throws ClientException, InterruptedException {
        ClientInstance joined = ClientInstances.registerConsumer(clientSettings, this);
        try {
            build(joined);
            for (Subscription s : settings.subscriptions()) {
                if (joined.routes().subscribeInfo(s.topic(), clientSettings.callTimeoutMillis()) == null) {
                    LOG.warn("Topic {} has no route yet; consumer group {} starts reading it once it appears",
                            s.topic(), settings.group());
                }
            }
            instance = joined;
            // Registered with the brokers (and the retry topic created) before the first rebalance asks for members.
            joined.heartbeatNow();
            scheduler.scheduleWithFixedDelay(rebalancer::rebalance, 0, settings.rebalanceMillis(),
                    TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::persistOffsets, settings.persistMillis(), settings.persistMillis(),
                    TimeUnit.MILLISECONDS);
            if (locks != null) {
                scheduler.scheduleWithFixedDelay(this::renewLocks, settings.lockRenewMillis(),
                        settings.lockRenewMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ClientException | InterruptedException | RuntimeException e) {
            instance = joined;
            shutdown();
            throw e;
        }
        LOG.info("Consumer group {} started ({} {}, subscriptions {})", settings.group(), settings.model(),
                settings.orderly() ? "orderly" : "concurrently", subscriptions);
    }

    private void build(ClientInstance joined) throws ClientException {
        // Everything that can fail comes before the threads, so a failed start leaves none behind.
        BrokerCalls calls = new BrokerCalls(joined.remoting(), joined.routes(), clientSettings.callTimeoutMillis());
        offsets = settings.clustering() ? new BrokerOffsetStore(calls, settings.group())
                : new LocalOffsetStore(settings.offsetStoreDir(), joined.clientId(), settings.group());
        offsets.load();
        String instanceName = clientSettings.instanceName();
        scheduler = new ScheduledThreadPoolExecutor(1, new ClientThreads(instanceName, "rebalance-" + settings.group()));
        scheduler.setRemoveOnCancelPolicy(true);
        pullThread = new ScheduledThreadPoolExecutor(1, new ClientThreads(instanceName, "pull-" + settings.group()));
        pullThread.setRemoveOnCancelPolicy(true);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.consumeThreads(), settings.consumeThreads(), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new ClientThreads(instanceName, "consume-" + settings.group()));
        consume = settings.orderly()
                ? new OrderlyConsumeService(settings, orderlyListener, pool, pullThread, offsets)
                : new ConcurrentConsumeService(settings, concurrentListener, pool, pullThread, offsets,
                        new MessageReturner(calls, settings.group(), settings.maxReconsumeTimes()));
        Map<String, Subscription> byTopic = new LinkedHashMap<>();
        subscriptions.forEach(s -> byTopic.put(s.topic(), s));
        PullService pulls = new PullService(settings, calls, byTopic, offsets, consume, pullThread);
        locks = settings.orderly() && settings.clustering()
                ? new QueueLocks(calls, settings.group(), joined.clientId(), settings.clock()) : null;
        rebalancer = new Rebalancer(settings, joined.clientId(), joined.routes(), calls, offsets,
                new StartOffsets(offsets, calls, settings.fromWhere(), settings.consumeTimestamp()), pulls, locks,
                assigned, List.copyOf(byTopic.keySet()), clientSettings.callTimeoutMillis());
    }

    /** Stops everything and leaves the group; see the class comment for the order. Idempotent. */
    public synchronized void shutdown() {
        ClientInstance joined = instance;
        if (joined == null) {
            return;
        }
        instance = null;
        if (rebalancer != null) {
            scheduler.shutdownNow();
            await(scheduler);
            pullThread.shutdownNow();
            await(pullThread);
            consume.shutdown();
            try {
                rebalancer.release(new ArrayList<>(assigned.values()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ClientInstances.unregisterConsumer(joined, settings.group());
        LOG.info("Consumer group {} shut down", settings.group());
    }

    /** The client id brokers know this consumer by. */
    public String clientId() {
        ClientInstance joined = instance;
        return joined == null ? null : joined.clientId();
    }

    /** The queues this consumer reads now. */
    public List<MessageQueue> assignedQueues() {
        List<MessageQueue> queues = new ArrayList<>(assigned.keySet());
        queues.sort(null);
        return queues;
    }

    private void persistOffsets() {
        try {
            offsets.persist(new ArrayList<>(assigned.keySet()));
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep the schedule.
            LOG.warn("Consumer group {} could not commit offsets; trying again in {} ms", settings.group(),
                    settings.persistMillis(), e);
        }
    }

    private void renewLocks() {
        try {
            locks.renew(new ArrayList<>(assigned.values()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Consumer group {} could not renew its queue locks; trying again in {} ms", settings.group(),
                    settings.lockRenewMillis(), e);
        }
    }

    private static void await(ScheduledThreadPoolExecutor executor) {
        try {
            executor.awaitTermination(ConsumerThreads.FINISH_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String group() {
        return settings.group();
    }

    @Override
    public String consumeType() {
        return "CONSUME_PASSIVELY";
    }

    @Override
    public String messageModel() {
        return settings.model().name();
    }

    @Override
    public String consumeFromWhere() {
        return settings.fromWhere().wireName();
    }

    @Override
    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    @Override
    public void rebalanceNow() {
        ScheduledThreadPoolExecutor current = scheduler;
        if (current == null || instance == null) {
            return; // Not started yet: start() rebalances as soon as it is.
        }
        try {
            current.execute(rebalancer::rebalance);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }
}

package org.skiffmq.client.internal.instance;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.client.internal.route.NameServerClient;
import org.skiffmq.client.internal.route.TopicRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every producer and consumer of one instance name in this process shares (RocketMQ's
 * MQClientInstance): one Remoting client, so one connection per broker and name server; the topic
 * routes; the producer and consumer groups; and the scheduled tasks: route refresh, HEART_BEAT to
 * every broker in the routes, and closing the connection of a broker that left them. Brokers'
 * NOTIFY_CONSUMER_IDS_CHANGED requests are passed on to the named consumer group. Made and ended
 * by {@link ClientInstances}. Thread-safe.
 */
public final class ClientInstance {
    private static final Logger LOG = LoggerFactory.getLogger(ClientInstance.class);
    private static final int ASYNC_QUEUE_CAPACITY = 50_000;

    private final ClientSettings settings;
    private final String clientId;
    private final RemotingClient remoting;
    private final NameServerClient nameServers;
    private final TopicRoutes routes;
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    private final Map<String, ConsumerRegistration> consumers = new ConcurrentHashMap<>();
    private final Map<String, TransactionChecker> transactionCheckers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor asyncExecutor;
    /** Broker addresses the last broker sync saw in the routes; touched on the scheduler thread only. */
    private Set<String> knownBrokers = Set.of();

    ClientInstance(ClientSettings settings, TransportProvider transport) {
        this.settings = settings;
        this.clientId = LocalAddress.ip() + "@" + ("DEFAULT".equals(settings.instanceName())
                ? ProcessHandle.current().pid() + "#" + System.nanoTime() : settings.instanceName());
        this.remoting = transport.createClient(ClientConfig.defaults().withTls(settings.tls()));
        this.nameServers = new NameServerClient(remoting, settings.nameServers(), settings.callTimeoutMillis());
        this.routes = new TopicRoutes(nameServers, this::routesChanged);
        ScheduledThreadPoolExecutor schedule = new ScheduledThreadPoolExecutor(1,
                new ClientThreads(settings.instanceName(), "scheduler"));
        schedule.setRemoveOnCancelPolicy(true);
        this.scheduler = schedule;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.asyncExecutor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(ASYNC_QUEUE_CAPACITY), new ClientThreads(settings.instanceName(), "async"));
        this.asyncExecutor.allowCoreThreadTimeOut(true);
    }

    void start() {
        // One-way from the broker: no answer is written, the group just rebalances now.
        remoting.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (channel, request) -> {
            ConsumerRegistration consumer = consumers.get(String.valueOf(request.ext("consumerGroup")));
            if (consumer != null) {
                consumer.rebalanceNow();
            }
            return null;
        }, asyncExecutor);
        // One-way from the broker too: the producer of the half message's group answers with END_TRANSACTION.
        remoting.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, (channel, request) -> {
            checkTransaction(channel, request);
            return null;
        }, asyncExecutor);
        remoting.start();
        scheduler.scheduleWithFixedDelay(this::refreshRoutes, settings.routeRefreshMillis(),
                settings.routeRefreshMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeatAll, settings.heartbeatMillis(),
                settings.heartbeatMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Client instance {} started (name servers {})", clientId, settings.nameServers());
    }

    public ClientSettings settings() {
        return settings;
    }

    /** {@code ip@instance}, as brokers see this client in heartbeats. */
    public String clientId() {
        return clientId;
    }

    public RemotingClient remoting() {
        return remoting;
    }

    public TopicRoutes routes() {
        return routes;
    }

    /** Runs async send continuations and callbacks, never on a transport thread. */
    public ExecutorService asyncExecutor() {
        return asyncExecutor;
    }

    /** Adds a producer group; false when the group is already registered here. */
    boolean addProducer(String group) {
        boolean added = producerGroups.add(group);
        if (added) {
            scheduler.execute(this::heartbeatAll);
        }
        return added;
    }

    /** Removes a producer group (without telling brokers); true when no producer or consumer is left. */
    boolean removeProducer(String group) {
        producerGroups.remove(group);
        return unused();
    }

    /** Answers the broker's checks of half messages of {@code group} (a transactional producer's). */
    public void registerTransactionChecker(String group, TransactionChecker checker) {
        transactionCheckers.put(group, checker);
    }

    public void unregisterTransactionChecker(String group) {
        transactionCheckers.remove(group);
    }

    private void checkTransaction(RemotingChannel channel, RemotingCommand request) {
        StoredMessage message;
        try {
            message = StoredMessageCodec.decode(java.nio.ByteBuffer.wrap(request.getBody()), true);
        } catch (RuntimeException e) {
            LOG.warn("CHECK_TRANSACTION_STATE from {} carried no readable message: {}", channel.remoteAddressString(),
                    e.toString());
            return;
        }
        String group = message.getProperty(MessageProperties.PRODUCER_GROUP);
        TransactionChecker checker = group == null ? null : transactionCheckers.get(group);
        if (checker == null) {
            LOG.warn("CHECK_TRANSACTION_STATE for {} of group {}: no transactional producer of that group runs here",
                    message.getUniqKey(), group);
            return;
        }
        checker.check(channel, request, message);
    }

    /** Adds a consumer group; false when the group is already registered here. */
    boolean addConsumer(ConsumerRegistration consumer) {
        return consumers.putIfAbsent(consumer.group(), consumer) == null;
    }

    /** Removes a consumer group (without telling brokers); true when no producer or consumer is left. */
    boolean removeConsumer(String group) {
        consumers.remove(group);
        return unused();
    }

    boolean unused() {
        return producerGroups.isEmpty() && consumers.isEmpty();
    }

    /**
     * Sends HEART_BEAT to every broker in the routes now, on the calling thread, so a new
     * consumer group is registered (and its retry topic created) before it first rebalances.
     */
    public void heartbeatNow() {
        heartbeat(routes.addresses());
    }

    /** Fetches every route again, then brings the broker set up to date. Runs on the scheduler. */
    void refreshRoutes() {
        try {
            routes.refreshAll(settings.callTimeoutMillis());
            syncBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Route refresh failed; trying again in {} ms", settings.routeRefreshMillis(), e);
        }
    }

    /**
     * Sends HEART_BEAT with this instance's producer groups to every broker in the routes.
     * Guarded: it runs on a fixed delay, which the JDK cancels for good the first time it throws,
     * and brokers forget a client whose heartbeats stop.
     */
    void heartbeatAll() {
        try {
            heartbeat(routes.addresses());
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of {} failed; trying again in {} ms", clientId, settings.heartbeatMillis(), e);
        }
    }

    private void routesChanged() {
        try {
            scheduler.execute(this::syncBrokers);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: nothing left to sync.
        }
    }

    /** Heartbeats brokers that joined the routes, closes connections of brokers that left them. */
    private void syncBrokers() {
        Set<String> current = routes.addresses();
        Set<String> gone = new HashSet<>(knownBrokers);
        gone.removeAll(current);
        Set<String> joined = new HashSet<>(current);
        joined.removeAll(knownBrokers);
        knownBrokers = Set.copyOf(current);
        for (String address : gone) {
            LOG.info("Broker {} left the routes; closing its connection", address);
            remoting.closeConnection(address);
        }
        heartbeat(joined);
    }

    private void heartbeat(Set<String> brokers) {
        if (brokers.isEmpty()) {
            return;
        }
        byte[] body = HeartbeatBody.encode(clientId, List.copyOf(producerGroups), List.copyOf(consumers.values()));
        for (String address : brokers) {
            RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT).ensureExtFields();
            request.setBody(body);
            try {
                RemotingCommand response = remoting.invokeSync(address, request, settings.callTimeoutMillis());
                if (response.getCode() != ResponseCode.SUCCESS) {
                    LOG.warn("Broker {} refused the heartbeat of {}: code {} {}", address, clientId,
                            response.getCode(), response.getRemark());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("Heartbeat to broker {} failed: {}", address, e.getMessage());
            }
        }
    }

    /** Sends UNREGISTER_CLIENT for a producer group to every broker in the routes. */
    void unregister(String group) {
        unregister("producerGroup", group);
    }

    /** Sends UNREGISTER_CLIENT for a consumer group to every broker in the routes; they notify the other members. */
    void unregisterConsumer(String group) {
        unregister("consumerGroup", group);
    }

    private void unregister(String groupKey, String group) {
        for (String address : routes.addresses()) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                    .putExt("clientID", clientId)
                    .putExt(groupKey, group);
            try {
                remoting.invokeSync(address, request, settings.callTimeoutMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("Could not unregister {} {} from broker {}: {}", groupKey, group, address, e.getMessage());
            }
        }
    }

    /** Unregisters the instance's inner group, stops the tasks and closes every connection. */
    void shutdown() {
        scheduler.shutdownNow();
        unregister(HeartbeatBody.INNER_PRODUCER_GROUP);
        asyncExecutor.shutdown();
        try {
            if (!asyncExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Async sends of client instance {} still running after 5 s; stopping them", clientId);
                asyncExecutor.shutdownNow();
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remoting.shutdown();
        LOG.info("Client instance {} shut down", clientId);
    }
}

package org.skiffmq.kernel.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.kernel.access.GuardedServer;
import org.skiffmq.kernel.broker.admin.BrokerAdminProcessors;
import org.skiffmq.kernel.broker.admin.BrokerConfigProcessors;
import org.skiffmq.kernel.broker.admin.ConsumerAdminProcessors;
import org.skiffmq.kernel.broker.admin.GroupAdminProcessors;
import org.skiffmq.kernel.broker.admin.TopicAdminProcessors;
import org.skiffmq.kernel.broker.client.ClientProcessors;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.client.ConsumerIdsChangeNotifier;
import org.skiffmq.kernel.broker.consume.ConsumeService;
import org.skiffmq.kernel.broker.consume.SendBackProcessor;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.registration.NameServerRegistrar;
import org.skiffmq.kernel.broker.schedule.ScheduleService;
import org.skiffmq.kernel.broker.send.ActiveHooks;
import org.skiffmq.kernel.broker.send.SendPipeline;
import org.skiffmq.kernel.broker.stats.BrokerStats;
import org.skiffmq.kernel.broker.stats.RuntimeInfo;
import org.skiffmq.kernel.broker.stats.StatsDataProcessor;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.transaction.EndTransactionProcessor;
import org.skiffmq.kernel.broker.transaction.TransactionService;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.skiffmq.kernel.metrics.MetricsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker: its Remoting server with the processors wired to the send pipeline, the
 * client registry and the topic table; its store; and its registration with the name servers.
 * {@link BrokerAssembler} puts one together from configuration; this class only starts and stops it.
 */
public final class Broker {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final long CLIENT_TIMEOUT_MILLIS = 120_000;

    private final BrokerIdentity identity;
    private final InetSocketAddress advertised;
    private final MessageStore store;
    private final TopicConfigTable topics;
    private final GuardedServer server;
    private final RemotingClient nameServerClient;
    private final NameServerRegistrar registrar;
    private final ThreadPoolExecutor sendExecutor;
    private final ThreadPoolExecutor sendAnswerExecutor;
    private final ThreadPoolExecutor adminExecutor;
    private final ConsumeService consume;
    private final ScheduleService schedule;
    private final TransactionService transactions;
    private final SubscriptionGroupTable groups;
    private final BrokerStats stats;
    private final ClientRegistry clients;
    private final ConsumerIdsChangeNotifier notifier;
    private final ActiveHooks hooks;
    private final ScheduledExecutorService housekeeping = BoundedExecutors.scheduled("skiff-clients");
    /** The Prometheus endpoint; null when metrics are off. */
    private MetricsEndpoint metrics;
    private boolean storeStarted;
    private boolean serverStarted;

    Broker(BrokerIdentity identity, InetSocketAddress advertised, MessageStore store, TopicConfigTable topics,
            GuardedServer server, RemotingClient nameServerClient, NameServerRegistrar registrar,
            SendPipeline sendPipeline, ClientRegistry clients, ConsumeService consume, ScheduleService schedule,
            SendBackProcessor sendBack, TransactionService transactions, BrokerStats stats, ActiveHooks hooks,
            int sendThreads, int sendQueueCapacity,
            ThreadPoolExecutor sendAnswerExecutor, Clock clock,
            BrokerConfigProcessors brokerConfig, SubscriptionGroupTable groups) {
        this.groups = groups;
        this.identity = identity;
        this.hooks = hooks;
        this.advertised = advertised;
        this.store = store;
        this.topics = topics;
        this.server = server;
        this.nameServerClient = nameServerClient;
        this.registrar = registrar;
        this.sendExecutor = BoundedExecutors.fixed("skiff-send", sendThreads, sendQueueCapacity);
        this.sendAnswerExecutor = sendAnswerExecutor;
        this.adminExecutor = BoundedExecutors.fixed("skiff-admin", 2, 10_000);
        this.consume = consume;
        this.schedule = schedule;
        this.transactions = transactions;
        this.stats = stats;
        this.clients = clients;
        this.notifier = new ConsumerIdsChangeNotifier(clients, groups);
        for (int code : List.of(RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE)) {
            server.registerProcessor(code, sendPipeline, sendExecutor);
        }
        ClientProcessors clientProcessors = new ClientProcessors(clients, notifier, topics, groups,
                registrar::registerAll);
        server.registerProcessor(RequestCode.HEART_BEAT, clientProcessors::heartbeat, adminExecutor);
        server.registerProcessor(RequestCode.UNREGISTER_CLIENT, clientProcessors::unregister, adminExecutor);
        server.registerProcessor(RequestCode.GET_CONSUMER_LIST_BY_GROUP, clientProcessors::consumerList,
                adminExecutor);
        server.registerProcessor(RequestCode.CHECK_CLIENT_CONFIG, clientProcessors::checkClientConfig, adminExecutor);
        consume.registerProcessors(server, adminExecutor);
        // Send-back stores a message like a send does, so it shares the send threads.
        server.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK, sendBack::process, sendExecutor);
        // An END stores the committed message like a send does.
        server.registerProcessor(RequestCode.END_TRANSACTION,
                new EndTransactionProcessor(transactions, store)::process, sendExecutor);
        consume.countDeliveries(stats);
        RuntimeInfo runtimeInfo = new RuntimeInfo(stats, store, clock, () -> sendExecutor.getQueue().size(),
                consume::pullQueueSize);
        server.registerProcessor(RequestCode.GET_BROKER_RUNTIME_INFO, runtimeInfo::process, adminExecutor);
        server.registerProcessor(RequestCode.VIEW_BROKER_STATS_DATA, new StatsDataProcessor(stats)::process,
                adminExecutor);
        BrokerAdminProcessors admin = new BrokerAdminProcessors(store, topics, clients, consume.offsets(), identity);
        server.registerProcessor(RequestCode.GET_TOPIC_STATS_INFO, admin::topicStats, adminExecutor);
        server.registerProcessor(RequestCode.GET_TOPIC_CONFIG, admin::topicConfig, adminExecutor);
        server.registerProcessor(RequestCode.GET_PRODUCER_CONNECTION_LIST, admin::producerConnections, adminExecutor);
        server.registerProcessor(RequestCode.GET_CONSUMER_CONNECTION_LIST, admin::consumerConnections, adminExecutor);
        server.registerProcessor(RequestCode.GET_CONSUME_STATS, admin::consumeStats, adminExecutor);
        server.registerProcessor(RequestCode.VIEW_MESSAGE_BY_ID, admin::viewMessage, adminExecutor);
        server.registerProcessor(RequestCode.DELETE_TOPIC_IN_BROKER, admin::deleteTopic, adminExecutor);
        server.registerProcessor(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, admin::resetOffset, adminExecutor);
        ConsumerAdminProcessors consumerAdmin = new ConsumerAdminProcessors(store, topics, clients, consume.offsets(),
                identity);
        server.registerProcessor(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, consumerAdmin::topicConsumedBy, adminExecutor);
        server.registerProcessor(RequestCode.QUERY_CONSUME_TIME_SPAN, consumerAdmin::consumeTimeSpan, adminExecutor);
        server.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, consumerAdmin::consumerRunningInfo,
                adminExecutor);
        server.registerProcessor(RequestCode.GET_BROKER_CONFIG, brokerConfig::get, adminExecutor);
        GroupAdminProcessors groupAdmin = new GroupAdminProcessors(groups);
        server.registerProcessor(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, groupAdmin::update, adminExecutor);
        server.registerProcessor(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, groupAdmin::getAll, adminExecutor);
        server.registerProcessor(RequestCode.DELETE_SUBSCRIPTIONGROUP, groupAdmin::delete, adminExecutor);
        server.registerProcessor(RequestCode.UPDATE_BROKER_CONFIG, brokerConfig::update, adminExecutor);
        TopicAdminProcessors topicAdmin = new TopicAdminProcessors(topics);
        server.registerProcessor(RequestCode.UPDATE_AND_CREATE_TOPIC, topicAdmin::updateAndCreate, adminExecutor);
        server.registerProcessor(RequestCode.GET_ALL_TOPIC_CONFIG, topicAdmin::getAll, adminExecutor);
        server.addChannelListener(new ChannelListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                notifier.notifyGroups(clients.channelClosed(channel));
            }
        });
    }

    /**
     * Opens the store, binds the port and registers with the name servers. On failure, whatever
     * had started is stopped again before the exception leaves.
     */
    public void start() throws IOException, RemotingException {
        try {
            topics.load();
            groups.load();
            store.start();
            storeStarted = true;
            consume.start();
            schedule.start();
            transactions.start();
            if (metrics != null) {
                metrics.start();
            }
            server.start();
            serverStarted = true;
            InetSocketAddress bound = server.localAddress();
            identity.setStoreHost(advertised != null ? advertised
                    : new InetSocketAddress(bound.getAddress(), bound.getPort()));
            nameServerClient.start();
            registrar.start();
            housekeeping.scheduleWithFixedDelay(GuardedLoop.of("The silent-client expiry", this::expireSilentClients),
                    10, 10, TimeUnit.SECONDS);
            housekeeping.scheduleAtFixedRate(GuardedLoop.of("The message rates", stats::sample), 1, 1, TimeUnit.SECONDS);
            housekeeping.scheduleAtFixedRate(GuardedLoop.of("The per-topic rates", stats::sampleWindows), 0, 10,
                    TimeUnit.SECONDS);
            LOG.info("Broker {} serving on {}", identity.brokerName(), identity.address());
        } catch (IOException | RemotingException | RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    /** Clients silent for 2 minutes are gone (their connection may linger half-open). */
    private void expireSilentClients() {
        notifier.notifyGroups(clients.expire(CLIENT_TIMEOUT_MILLIS));
    }

    /**
     * Serves an extra request code on the admin executor (the kernel's plugin control); call
     * before {@link #start()}.
     */
    public void registerAdminProcessor(int code, RequestProcessor processor) {
        server.registerProcessor(code, processor, adminExecutor);
    }

    /** Serves the broker's metrics from {@link #start()} to {@link #shutdown()}; call before start. */
    public void useMetrics(MetricsEndpoint endpoint) {
        this.metrics = endpoint;
    }

    /** The Prometheus endpoint, or null when metrics are off. */
    public MetricsEndpoint metricsEndpoint() {
        return metrics;
    }

    /** The request codes this broker serves. */
    public Set<Integer> servedCodes() {
        return server.servedCodes();
    }

    /** The send hooks the broker runs, replaceable while it serves. */
    public ActiveHooks hooks() {
        return hooks;
    }

    public ConsumeService consume() {
        return consume;
    }

    public BrokerIdentity identity() {
        return identity;
    }

    public MessageStore store() {
        return store;
    }

    public TopicConfigTable topics() {
        return topics;
    }

    /** Stops serving, unregisters, then flushes and closes the store. */
    public void shutdown() {
        housekeeping.shutdownNow();
        if (metrics != null) {
            metrics.stop();
        }
        if (serverStarted) {
            registrar.shutdown();
        }
        if (storeStarted) {
            consume.stopServing();
        }
        server.shutdown();
        BoundedExecutors.shutdown(sendExecutor);
        BoundedExecutors.shutdown(adminExecutor);
        nameServerClient.shutdown();
        if (storeStarted) {
            schedule.shutdown();
            transactions.shutdown();
            consume.shutdown();
            store.shutdown();
        }
        // After the store: its last group commit hands the final answers to this pool.
        BoundedExecutors.shutdown(sendAnswerExecutor);
        serverStarted = false;
        storeStarted = false;
    }
}

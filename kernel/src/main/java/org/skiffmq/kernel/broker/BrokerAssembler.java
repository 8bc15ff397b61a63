package org.skiffmq.kernel.broker;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.access.RequestSigner;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.ClientConfig;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.TlsConfig;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.kernel.access.AccessGate;
import org.skiffmq.kernel.access.GuardedServer;
import org.skiffmq.kernel.access.SigningClient;
import org.skiffmq.kernel.broker.admin.BrokerConfigProcessors;
import org.skiffmq.kernel.broker.admin.MessageQueryProcessor;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.consume.ConsumeService;
import org.skiffmq.kernel.broker.consume.SendBackProcessor;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.registration.NameServerRegistrar;
import org.skiffmq.kernel.broker.replication.MetadataReplication;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.schedule.ScheduleService;
import org.skiffmq.kernel.broker.send.ActiveHooks;
import org.skiffmq.kernel.broker.send.SendPipeline;
import org.skiffmq.kernel.broker.stats.BrokerStats;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.transaction.TransactionService;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.HostPort;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.TlsSection;
import org.skiffmq.kernel.config.TransportSection;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.metrics.BrokerMetrics;
import org.skiffmq.kernel.metrics.MetricsEndpoint;
import org.skiffmq.kernel.metrics.PrometheusMetrics;
import org.skiffmq.kernel.namesrv.NameServerConfig;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.MissingExtensionException;

/**
 * Puts a broker together from configuration: the transport, store and send hooks it names, the
 * send pipeline built from them, the processors. Everything is resolved and checked before any
 * object that owns a file or a port exists, so a bad configuration leaves nothing behind.
 */
public final class BrokerAssembler {

    private BrokerAssembler() {
    }

    /** Everything a broker needs, resolved and checked; building it from here cannot fail on configuration. */
    public record Plan(SkiffConfig config, TransportProvider transport, StorePlan<?> store,
            List<SendHook> hooks, HostPort listen, InetSocketAddress advertised, int maxFrameLength,
            HostPort metricsListen, AccessControl access, RequestSigner brokerSigner, TlsConfig tls) {
    }

    /** Resolves the extensions the configuration names and checks its values. Touches no file or port. */
    public static Plan plan(SkiffConfig config, Path baseDir, ExtensionCatalog catalog)
            throws ConfigException, MissingExtensionException {
        TransportSection transportSection = config.transport();
        TransportProvider transport = catalog.transport(transportSection.engine(), "transport.engine");
        StorePlan<?> store = StorePlan.of(catalog.store(config.store().engine(), "store.engine"), config.store(),
                baseDir);
        List<SendHook> hooks = catalog.sendHooks(config.send().hooks(), "send.hooks");
        HostPort listen = HostPort.parse(config.listen(), "listen");
        HostPort metricsListen = config.metrics().enabled() ? config.metrics().address() : null;
        AccessControl access = null;
        RequestSigner brokerSigner = null;
        if (config.access().enabled()) {
            access = catalog.accessControl(config.access().control(), "access.control");
            // The broker's registration must pass the same control at its name servers.
            brokerSigner = access.brokerSigner().orElseThrow(() -> new ConfigException("access control "
                    + config.access().control() + " gives the broker no credentials for its own requests to the"
                    + " name servers; configure them in its section (see the README's security section)"));
        }
        InetSocketAddress advertised = null;
        if (config.advertise() != null) {
            HostPort a = HostPort.parse(config.advertise(), "advertise");
            advertised = new InetSocketAddress(a.host(), a.port());
        }
        try {
            int maxFrame = transportSection.serverConfig(listen.host(), listen.port()).maxFrameLength();
            TlsConfig tls = transportSection.tls().toConfig(baseDir);
            config.consume().maxPullBytes().toIntExact("consume.maxPullBytes");
            if (config.send().threads() < 1 || config.send().queueCapacity() < 1 || config.consume().pullThreads() < 1) {
                throw new IllegalArgumentException("send.threads, send.queueCapacity and consume.pullThreads must be at least 1");
            }
            return new Plan(config, transport, store, hooks, listen, advertised, maxFrame, metricsListen, access,
                    brokerSigner, tls);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }


    /** Builds the broker of a plan; nothing is opened or bound until {@link Broker#start()}. */
    public static Broker build(Plan plan, List<String> nameServers, Clock clock) {
        SkiffConfig config = plan.config();
        TransportSection transportSection = config.transport();
        StorePlan<?> storePlan = plan.store();
        BrokerIdentity identity = new BrokerIdentity(config.clusterName(), config.brokerName(), config.region());
        MessageStore store = storePlan.create(clock);
        Path configDir = storePlan.configDirectory();
        TopicConfigTable topics = new TopicConfigTable(configDir.resolve("topics.json"),
                clock, config.autoCreateTopic(), config.defaultTopicQueues());
        GuardedServer server = new GuardedServer(plan.transport().createServer(transportSection.serverConfig(
                plan.listen().host(), plan.listen().port()).withTls(plan.tls())),
                new AccessGate(AccessRequest.BROKER, plan.access()));
        // No idle timeout on the broker's own client: its link to the name servers carries one
        // request per registerIntervalSeconds, and a name server drops the routes of a broker whose
        // connection closes, so transport.idleTimeoutSeconds (meant for clients' connections to
        // this broker) must not close it.
        // TLS to the embedded name server, which has the broker's TLS; external ones are dialled plain.
        ClientConfig clientConfig = new ClientConfig(3000, plan.maxFrameLength(), 1, 0);
        if (config.embeddedNameServer()) {
            clientConfig = clientConfig.withTls(TlsSection.internalClient(plan.tls()));
        }
        RemotingClient client = plan.transport().createClient(clientConfig);
        if (plan.brokerSigner() != null) {
            client = new SigningClient(client, plan.brokerSigner());
        }
        NameServerRegistrar registrar = new NameServerRegistrar(client, nameServers, identity, topics,
                store::replicaRole, config.registerIntervalSeconds() * 1000L,
                NameServerConfig.DEFAULT_BROKER_TIMEOUT_MILLIS);
        DelayLevels delayLevels = DelayLevels.defaults();
        PrometheusMetrics prometheus = plan.metricsListen() == null ? null
                : new PrometheusMetrics(config.clusterName(), config.brokerName());
        BrokerMetrics metrics = prometheus == null ? BrokerMetrics.NONE : prometheus;
        if (prometheus != null) {
            server.setResponseObserver(prometheus::answered);
        }
        ActiveHooks hooks = new ActiveHooks(plan.hooks(), metrics);
        // Sync-flush sends are answered here, off the store's group-commit thread; sized like the
        // send executor, since each answer runs the same hooks a send runs before the store.
        ThreadPoolExecutor sendAnswers = BoundedExecutors.fixed("skiff-send-answer", config.send().threads(),
                config.send().queueCapacity());
        BrokerStats stats = new BrokerStats(clock, metrics);
        SendPipeline pipeline = new SendPipeline(topics, identity, store, hooks, storePlan.settings().maxBodyBytes(),
                delayLevels, sendAnswers, config.transactions().enabled(), stats);
        ClientRegistry clients = new ClientRegistry(clock);
        ConsumeService consume = new ConsumeService(store, topics, clients,
                configDir.resolve("consumerOffset.json"), config.consume(), clock);
        ScheduleService schedule = new ScheduleService(store, delayLevels, clock, configDir.resolve("delayOffset.json"));
        SubscriptionGroupTable groups = new SubscriptionGroupTable(configDir.resolve("subscriptionGroup.json"), clock);
        consume.useGroups(groups);
        MetadataReplication replication = MetadataReplication.wire(store, topics, consume.offsets(), schedule, groups);
        TransactionService transactions = new TransactionService(store, topics, clients, consume.offsets(), identity,
                config.transactions(), clock);
        store.setReplicaRoleListener(role -> {
            registrar.roleChanged();
            if (replication != null) {
                replication.roleChanged(role);
            }
            transactions.roleChanged(role);
        });
        SendBackProcessor sendBack = new SendBackProcessor(store, topics, identity, delayLevels, groups);
        BrokerConfigProcessors brokerConfig = new BrokerConfigProcessors(Json.mapper().valueToTree(config),
                () -> BrokerConfigKeys.rocketMq(config, identity, store, topics, transactions), clock.millis(),
                BrokerConfigKeys.runtime(topics, transactions));
        Broker broker = new Broker(identity, plan.advertised(), store, topics, server, client, registrar, pipeline,
                clients, consume, schedule, sendBack, transactions, stats, hooks, config.send().threads(),
                config.send().queueCapacity(), sendAnswers, clock, brokerConfig, groups);
        if (prometheus != null) {
            broker.useMetrics(new MetricsEndpoint(prometheus, clients, consume.offsets(), store, config.store().engine(),
                    plan.metricsListen(), config.metrics().listenConfigured()));
        }
        broker.registerAdminProcessor(RequestCode.QUERY_MESSAGE,
                new MessageQueryProcessor(store, topics, identity, config.store().engine())::process);
        return broker;
    }
}

package org.skiffmq.kernel.broker.registration;

import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.ReplicaRole;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.RegisterBrokerBody;
import org.skiffmq.kernel.protocol.TopicConfigWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker registered with every name server: REGISTER_BROKER with the whole topic table
 * at start, every period, and soon after each topic change or change of replica role (changes
 * arriving together share one registration); UNREGISTER_BROKER at shutdown. The broker registers
 * under the brokerId its store's {@link ReplicaRole} gives (0 for the master), with the role's
 * term as the state version. A name server that does not answer is logged and tried again next
 * period.
 */
public final class NameServerRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long CALL_TIMEOUT_MILLIS = 3000;

    private final RemotingClient client;
    private final List<String> nameServers;
    private final BrokerIdentity identity;
    private final TopicConfigTable topics;
    private final Supplier<ReplicaRole> role;
    private final long periodMillis;
    private final long brokerTimeoutMillis;
    private final ScheduledExecutorService scheduler = BoundedExecutors.scheduled("skiff-register");
    private final AtomicBoolean changePending = new AtomicBoolean();

    public NameServerRegistrar(RemotingClient client, List<String> nameServers, BrokerIdentity identity,
            TopicConfigTable topics, Supplier<ReplicaRole> role, long periodMillis, long brokerTimeoutMillis) {
        this.client = client;
        this.role = role;
        this.nameServers = List.copyOf(nameServers);
        this.identity = identity;
        this.topics = topics;
        this.periodMillis = periodMillis;
        this.brokerTimeoutMillis = brokerTimeoutMillis;
        topics.addListener(this::topicsChanged);
    }

    /** Registers once now (so routes exist when start returns), then every period. */
    public void start() {
        registerAll();
        scheduler.scheduleWithFixedDelay(GuardedLoop.of("The periodic name-server registration", this::registerAll),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Sends REGISTER_BROKER with the current topic table to every name server. */
    public void registerAll() {
        ReplicaRole now = role.get();
        TopicConfigWrapper table = topics.snapshot();
        table = TopicConfigWrapper.of(table.dataVersion().withStateVersion(now.term()), table.topicConfigTable());
        byte[] body = Json.toBytes(new RegisterBrokerBody(table, List.of()));
        CRC32 crc = new CRC32();
        crc.update(body);
        for (String nameServer : nameServers) {
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER)
                    .putExt("brokerName", identity.brokerName())
                    .putExt("brokerAddr", identity.address())
                    .putExt("clusterName", identity.clusterName())
                    .putExt("haServerAddr", identity.address())
                    .putExt("brokerId", Long.toString(now.brokerId()))
                    .putExt("heartbeatTimeoutMillis", brokerTimeoutMillis)
                    .putExt("enableActingMaster", "false")
                    .putExt("compressed", "false")
                    .putExt("bodyCrc32", Long.toString(crc.getValue() & 0x7FFFFFFF));
            request.setBody(body);
            try {
                RemotingCommand response = client.invokeSync(nameServer, request, CALL_TIMEOUT_MILLIS);
                if (response.getCode() != ResponseCode.SUCCESS) {
                    LOG.warn("Name server {} refused the registration: code {} {}", nameServer, response.getCode(),
                            response.getRemark());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("Could not register with name server {}: {}", nameServer, e.getMessage());
            }
        }
    }

    /** Sends UNREGISTER_BROKER to every name server and stops the schedule. */
    public void shutdown() {
        scheduler.shutdownNow();
        for (String nameServer : nameServers) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                    .putExt("brokerName", identity.brokerName())
                    .putExt("brokerAddr", identity.address())
                    .putExt("clusterName", identity.clusterName())
                    .putExt("brokerId", Long.toString(role.get().brokerId()));
            try {
                client.invokeSync(nameServer, request, CALL_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("Could not unregister from name server {}: {}", nameServer, e.getMessage());
            }
        }
    }

    /** Registers again soon: the store's replica role changed (a new master, or this one stepped down). */
    public void roleChanged() {
        topicsChanged();
    }

    private void topicsChanged() {
        if (changePending.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    changePending.set(false);
                    registerAll();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                changePending.set(false);
            }
        }
    }
}

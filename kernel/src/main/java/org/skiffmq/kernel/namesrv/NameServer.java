package org.skiffmq.kernel.namesrv;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.access.AccessRequest;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RemotingServer;
import org.skiffmq.api.transport.ServerConfig;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.kernel.access.AccessGate;
import org.skiffmq.kernel.access.GuardedServer;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A name server: brokers register their topics here, clients look up routes. Runs embedded in a
 * broker process or on its own; either way it is a Remoting server of its own port.
 */
public final class NameServer {
    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);

    private final NameServerConfig config;
    private final RouteInfoTable routes;
    private final GuardedServer server;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService scanner;
    private AutoCloseable closeAfter;

    public NameServer(TransportProvider transport, NameServerConfig config, Clock clock) {
        this(transport, config, clock, null);
    }

    /**
     * @param access the access control deciding every request, or null for none (then only
     *               callers on this machine may delete topics)
     */
    public NameServer(TransportProvider transport, NameServerConfig config, Clock clock, AccessControl access) {
        this.config = config;
        this.routes = new RouteInfoTable(clock);
        this.server = new GuardedServer(transport.createServer(new ServerConfig(config.host(), config.port(),
                config.maxFrameLength(), 1, ServerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS).withTls(config.tls())),
                new AccessGate(AccessRequest.NAME_SERVER, access));
        this.executor = BoundedExecutors.fixed("skiff-namesrv", 2, 10_000);
        this.scanner = BoundedExecutors.scheduled("skiff-namesrv-scan");
        NameServerProcessors p = new NameServerProcessors(routes, config.brokerTimeoutMillis());
        server.registerProcessor(RequestCode.REGISTER_BROKER, p::registerBroker, executor);
        server.registerProcessor(RequestCode.UNREGISTER_BROKER, p::unregisterBroker, executor);
        server.registerProcessor(RequestCode.GET_ROUTEINFO_BY_TOPIC, p::routeInfo, executor);
        server.registerProcessor(RequestCode.GET_BROKER_CLUSTER_INFO, p::clusterInfo, executor);
        server.registerProcessor(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, p::topicList, executor);
        server.registerProcessor(RequestCode.DELETE_TOPIC_IN_NAMESRV, p::deleteTopic, executor);
        server.addChannelListener(new ChannelListener() {
            @Override
            public void onClose(RemotingChannel channel) {
                List<String> gone = routes.channelClosed(channel);
                if (!gone.isEmpty()) {
                    LOG.info("Broker connection {} closed; dropped brokers {}", channel.remoteAddressString(), gone);
                }
            }
        });
    }

    /** Binds the port and starts expiring silent brokers. */
    public void start() throws RemotingException {
        server.start();
        scanner.scheduleWithFixedDelay(GuardedLoop.of("The silent-broker expiry", this::expireSilentBrokers),
                config.scanIntervalMillis(), config.scanIntervalMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Name server listening on {}", address());
    }

    /** Runs one expiry scan now; the scheduled task calls this every scan interval. */
    public void expireSilentBrokers() {
        try {
            List<String> expired = routes.expireInactive();
            if (!expired.isEmpty()) {
                LOG.warn("Dropped brokers silent for longer than their timeout: {}", expired);
            }
        } catch (RuntimeException e) {
            LOG.error("Broker expiry scan failed", e);
        }
    }

    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** The address clients and brokers use: {@code ip:port}. */
    public String addressString() {
        InetSocketAddress a = address();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The request codes this name server serves. */
    public Set<Integer> servedCodes() {
        return server.servedCodes();
    }

    public RouteInfoTable routes() {
        return routes;
    }

    /** Closes {@code resource} (the extensions an access control came from) after this name server stops. */
    public void closeWith(AutoCloseable resource) {
        this.closeAfter = resource;
    }

    public void shutdown() {
        scanner.shutdownNow();
        server.shutdown();
        BoundedExecutors.shutdown(executor);
        if (closeAfter != null) {
            try {
                closeAfter.close();
            } catch (Exception e) {
                LOG.warn("Closing {} after the name server failed: {}", closeAfter, e.toString());
            }
            closeAfter = null;
        }
    }
}

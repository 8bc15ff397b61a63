package org.skiffmq.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.kernel.broker.Broker;
import org.skiffmq.kernel.broker.BrokerAssembler;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.HostPort;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.namesrv.NameServer;
import org.skiffmq.kernel.namesrv.NameServerConfig;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.MissingExtensionException;
import org.skiffmq.kernel.plugin.PluginSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SkiffMQ process as configured: a broker, with an embedded name server unless the
 * configuration lists name servers. Start it, use its addresses, shut it down.
 */
public final class SkiffServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SkiffServer.class);
    private final ExtensionCatalog catalog;
    private final NameServer nameServer;
    private final Broker broker;
    private final List<String> nameServerAddresses;
    private final List<SendHook> hooks;

    private SkiffServer(ExtensionCatalog catalog, NameServer nameServer, Broker broker, List<String> nameServers,
            List<SendHook> hooks) {
        this.catalog = catalog;
        this.hooks = hooks;
        this.nameServer = nameServer;
        this.broker = broker;
        this.nameServerAddresses = nameServers;
    }

    /**
     * Starts a broker (and its embedded name server) from configuration; relative paths resolve
     * against {@code baseDir}. A configuration naming an extension that is not installed fails
     * before any port is bound or file created.
     */
    public static SkiffServer start(SkiffConfig config, Path baseDir) throws StartupException {
        return start(config, baseDir, Clock.systemUTC());
    }

    public static SkiffServer start(SkiffConfig config, Path baseDir, Clock clock) throws StartupException {
        ExtensionCatalog catalog = ExtensionCatalog.discover(baseDir.resolve(config.plugins().dir()).normalize());
        NameServer nameServer = null;
        try {
            PluginSettings.apply(config.pluginSections(), config.send().hooks(), catalog);
            // Resolve and check everything before binding anything.
            BrokerAssembler.Plan plan = BrokerAssembler.plan(config, baseDir, catalog);
            List<String> nameServers;
            if (config.embeddedNameServer()) {
                HostPort nsListen = HostPort.parse(config.nameServerListen(), "nameServerListen");
                nameServer = new NameServer(plan.transport(), NameServerConfig.of(nsListen.host(), nsListen.port()),
                        clock);
                nameServer.start();
                nameServers = List.of(nameServer.addressString());
            } else {
                nameServers = config.nameServerAddresses();
            }
            Broker broker = BrokerAssembler.build(plan, nameServers, clock);
            broker.start();
            return new SkiffServer(catalog, nameServer, broker, nameServers, plan.hooks());
        } catch (MissingExtensionException | ConfigException e) {
            stop(nameServer, catalog);
            throw new StartupException(e.getMessage(), e);
        } catch (RemotingException e) {
            stop(nameServer, catalog);
            throw new StartupException("Cannot listen: " + e.getMessage()
                    + "; free the port or change listen/nameServerListen", e);
        } catch (IOException e) {
            stop(nameServer, catalog);
            throw new StartupException("Cannot open the data directory " + config.store().dir() + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            stop(nameServer, catalog);
            throw new StartupException("Start failed: " + e, e);
        }
    }

    /** Starts a name server on its own (the {@code namesrv} command). */
    public static NameServer startNameServer(String listen, Clock clock) throws StartupException {
        ExtensionCatalog catalog = ExtensionCatalog.discover(null);
        try {
            HostPort hp = HostPort.parse(listen, "listen");
            NameServer ns = new NameServer(catalog.transport("netty", "transport.engine"),
                    NameServerConfig.of(hp.host(), hp.port()), clock);
            ns.start();
            return ns;
        } catch (ConfigException | MissingExtensionException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (RemotingException e) {
            throw new StartupException("Cannot listen: " + e.getMessage() + "; free the port or change --listen", e);
        }
    }

    /** Hooks that hold a file or a thread close after the broker has answered its last send. */
    private void closeHooks() {
        for (SendHook hook : hooks) {
            if (hook instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Send hook '{}' failed to close: {}", hook.name(), e.toString());
                }
            }
        }
    }

    private static void stop(NameServer nameServer, ExtensionCatalog catalog) {
        if (nameServer != null) {
            nameServer.shutdown();
        }
        catalog.close();
    }

    public Broker broker() {
        return broker;
    }

    /** The embedded name server, or null when the broker uses external ones. */
    public NameServer nameServer() {
        return nameServer;
    }

    /** Name-server addresses as clients pass them ({@code ip:port;ip:port}). */
    public String nameServerAddress() {
        return String.join(";", nameServerAddresses);
    }

    public String brokerAddress() {
        return broker.identity().address();
    }

    public List<String> pluginReport() {
        return catalog.pluginReport();
    }

    /** Stops the broker (flushing the store), then the embedded name server; idempotent. */
    public void shutdown() {
        broker.shutdown();
        closeHooks();
        stop(nameServer, catalog);
    }

    @Override
    public void close() {
        shutdown();
    }
}

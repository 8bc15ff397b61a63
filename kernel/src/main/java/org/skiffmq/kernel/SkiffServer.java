package org.skiffmq.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.transport.TlsConfig;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.kernel.broker.Broker;
import org.skiffmq.kernel.broker.BrokerAssembler;
import org.skiffmq.kernel.broker.StorePlan;
import org.skiffmq.kernel.broker.admin.PluginAdminProcessors;
import org.skiffmq.kernel.broker.admin.PluginControl;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.HostPort;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.metrics.PluginState;
import org.skiffmq.kernel.namesrv.NameServer;
import org.skiffmq.kernel.namesrv.NameServerConfig;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.MissingExtensionException;
import org.skiffmq.kernel.plugin.PluginSectionsSource;
import org.skiffmq.kernel.plugin.PluginSettings;

/**
 * A SkiffMQ process as configured: a broker, with an embedded name server unless the
 * configuration lists name servers. Start it, use its addresses, shut it down.
 */
public final class SkiffServer implements AutoCloseable {
    private final ExtensionCatalog catalog;
    private final NameServer nameServer;
    private final Broker broker;
    private final List<String> nameServerAddresses;
    private final PluginControl pluginControl;
    private final BrokerAssembler.Plan plan;

    private SkiffServer(ExtensionCatalog catalog, NameServer nameServer, Broker broker, List<String> nameServers,
            PluginControl pluginControl, BrokerAssembler.Plan plan) {
        this.plan = plan;
        this.catalog = catalog;
        this.pluginControl = pluginControl;
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

    /**
     * Starts from a configuration file's contents; hooks enabled or reloaded while the broker runs
     * take their settings from that file, read again at the time.
     */
    public static SkiffServer start(SkiffConfig config, Path baseDir, Path configFile) throws StartupException {
        return start(config, baseDir, Clock.systemUTC(), PluginSectionsSource.file(configFile));
    }

    public static SkiffServer start(SkiffConfig config, Path baseDir, Clock clock) throws StartupException {
        return start(config, baseDir, clock, PluginSectionsSource.fixed(config.pluginSections()));
    }

    private static SkiffServer start(SkiffConfig config, Path baseDir, Clock clock, PluginSectionsSource settings)
            throws StartupException {
        ExtensionCatalog catalog;
        try {
            catalog = ExtensionCatalog.discover(baseDir.resolve(config.plugins().dir()).normalize());
        } catch (UncheckedIOException e) {
            throw new StartupException(e.getMessage(), e);
        }
        NameServer nameServer = null;
        BrokerAssembler.Plan plan = null;
        try {
            List<String> needSettings = new ArrayList<>(config.send().hooks());
            if (config.access().enabled()) {
                needSettings.add(config.access().control());
            }
            Set<String> configured = PluginSettings.apply(config.pluginSections(), needSettings, catalog);
            // Resolve and check everything before binding anything.
            plan = BrokerAssembler.plan(config, baseDir, catalog);
            List<String> nameServers;
            if (config.embeddedNameServer()) {
                HostPort nsListen = HostPort.parse(config.nameServerListen(), "nameServerListen");
                nameServer = new NameServer(plan.transport(), NameServerConfig.of(nsListen.host(), nsListen.port())
                        .withTls(plan.tls()), clock, plan.access());
                nameServer.start();
                nameServers = List.of(nameServer.addressString());
            } else {
                nameServers = config.nameServerAddresses();
            }
            Broker broker = BrokerAssembler.build(plan, nameServers, clock);
            PluginControl pluginControl = new PluginControl(catalog, broker.hooks(), settings, configured,
                    Set.of(plan.transport(), plan.store().provider()));
            new PluginAdminProcessors(pluginControl, config.plugins().controlEnabled()).byCode()
                    .forEach(broker::registerAdminProcessor);
            if (broker.metricsEndpoint() != null) {
                broker.metricsEndpoint().usePluginStates(() -> catalog.plugins().stream()
                        .map(p -> new PluginState(p.id(), p.version(), p.isStarted() ? "started" : "failed")).toList());
            }
            broker.start();
            return new SkiffServer(catalog, nameServer, broker, nameServers, pluginControl, plan);
        } catch (MissingExtensionException | ConfigException e) {
            stop(nameServer, catalog);
            throw new StartupException(e.getMessage(), e);
        } catch (RemotingException e) {
            stop(nameServer, catalog);
            throw new StartupException("Cannot listen: " + e.getMessage()
                    + "; free the port or change listen/nameServerListen", e);
        } catch (IOException e) {
            stop(nameServer, catalog);
            String dir = plan == null ? "" : " " + plan.store().directory();
            throw new StartupException("Cannot open the data directory" + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stop(nameServer, catalog);
            throw new StartupException("Start failed: " + e, e);
        }
    }

    /** Starts a name server on its own (the {@code namesrv} command), without access control or TLS. */
    public static NameServer startNameServer(String listen, Clock clock) throws StartupException {
        return startNameServer(SkiffConfig.defaults().nameServerListen(listen), null, clock);
    }

    /**
     * Starts a name server on its own from a configuration file's keys that concern it:
     * {@code nameServerListen}, {@code transport} (its TLS), {@code access} with the access
     * control's section, and {@code plugins.dir}, where that access control may come from.
     *
     * @param baseDir where relative paths resolve; null for none (then no plugins are looked for)
     */
    public static NameServer startNameServer(SkiffConfig config, Path baseDir, Clock clock) throws StartupException {
        ExtensionCatalog catalog = ExtensionCatalog.discover(baseDir == null ? null
                : baseDir.resolve(config.plugins().dir()).normalize());
        try {
            List<String> needSettings = config.access().enabled() ? List.of(config.access().control()) : List.of();
            PluginSettings.apply(config.pluginSections(), needSettings, catalog);
            HostPort hp = HostPort.parse(config.nameServerListen(), "nameServerListen");
            TransportProvider transport = catalog.transport(config.transport().engine(), "transport.engine");
            TlsConfig tls;
            try {
                tls = config.transport().tls().toConfig(baseDir == null ? Path.of("") : baseDir);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            AccessControl access = config.access().enabled()
                    ? catalog.accessControl(config.access().control(), "access.control") : null;
            NameServer ns = new NameServer(transport, NameServerConfig.of(hp.host(), hp.port()).withTls(tls), clock,
                    access);
            ns.closeWith(catalog);
            ns.start();
            return ns;
        } catch (ConfigException | MissingExtensionException e) {
            catalog.close();
            throw new StartupException(e.getMessage(), e);
        } catch (RemotingException e) {
            catalog.close();
            throw new StartupException("Cannot listen: " + e.getMessage()
                    + "; free the port or change --listen / nameServerListen", e);
        } catch (RuntimeException e) {
            catalog.close();
            throw new StartupException("Start failed: " + e.getMessage(), e);
        }
    }

    private static void stop(NameServer nameServer, ExtensionCatalog catalog) {
        if (nameServer != null) {
            nameServer.shutdown();
        }
        catalog.close();
    }

    /** The store's folder and, after the engine's name, what it says of its settings. */
    public String storeReport() {
        StorePlan<?> store = plan.store();
        String summary = store.settings().summary();
        return store.directory() + " (" + store.provider().name() + (summary.isEmpty() ? "" : ", " + summary) + ")";
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

    /** Runtime control of plugins and send hooks (what {@code bin/skiff plugins} reaches over Remoting). */
    public PluginControl pluginControl() {
        return pluginControl;
    }

    public List<String> pluginReport() {
        return catalog.pluginReport();
    }

    /**
     * Stops the broker (flushing the store), then the embedded name server; idempotent. Hooks that
     * hold a file or a thread close with their plugins, after the broker has answered its last send.
     */
    public void shutdown() {
        broker.shutdown();
        stop(nameServer, catalog);
    }

    @Override
    public void close() {
        shutdown();
    }
}

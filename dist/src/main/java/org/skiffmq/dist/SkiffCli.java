package org.skiffmq.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.skiffmq.dist.assemble.DistCommand;
import org.skiffmq.dist.newplugin.NewPluginCommand;
import org.skiffmq.dist.plugins.PluginsCommand;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.namesrv.NameServer;

/**
 * {@code skiff <command>}: the distribution's entry point. Prints a short summary of what runs
 * where, then serves until Ctrl-C (SIGINT/SIGTERM), which stops it cleanly: the store is flushed
 * and closed before the process exits.
 */
public final class SkiffCli {
    private static final String USAGE = String.join("\n",
            "Usage: skiff <command> [options]",
            "",
            "Commands:",
            "  standalone [--config FILE]    broker with an embedded name server (default conf/broker.yaml)",
            "  broker --config FILE          broker registering with the name servers its configuration lists",
            "  namesrv [--listen HOST:PORT] [--config FILE]",
            "                                a name server on its own (default 127.0.0.1:9876); --config reads its",
            "                                nameServerListen, transport.tls, access and plugins keys",
            "  plugins [--broker HOST:PORT] list|install|enable|disable|order|reload ...",
            "                                a running broker's plugins and send hooks ('skiff plugins help')",
            "  dist [--plugins a,b] [--store mmap|raft] [--transport netty] --out DIR",
            "                                a distribution with only these pieces, and its size; a store",
            "                                from plugins/ (raft) ships its zip, and its example",
            "                                configurations in conf/<store>/ instead of conf/broker.yaml",
            "  " + NewPluginCommand.USAGE,
            "                                a send-hook plugin project: hook, broker test, zip build",
            "  help                          this text",
            "",
            "Relative paths in the configuration resolve against the distribution folder.");

    private final PrintStream out;
    private final Path home;

    SkiffCli(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("skiff.home", ".")).toAbsolutePath().normalize();
        int status = new SkiffCli(System.out, home).run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        // Commands with options of their own parse them themselves.
        List<String> rest = List.of(args).subList(1, args.length);
        switch (args[0]) {
            case "plugins" -> {
                return new PluginsCommand(out, System.err, home).run(rest);
            }
            case "dist" -> {
                return new DistCommand(out, System.err, home).run(rest);
            }
            case "new-plugin" -> {
                return new NewPluginCommand(out, System.err, home, version()).run(rest);
            }
            default -> {
                // the broker and name-server commands below
            }
        }
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("skiff: " + e.getMessage());
            return 2;
        }
        try {
            switch (args[0]) {
                case "standalone" -> runBroker(options, true);
                case "broker" -> runBroker(options, false);
                case "namesrv" -> runNameServer(options);
                default -> {
                    System.err.println("skiff: unknown command '" + args[0] + "'\n" + USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (StartupException | ConfigException e) {
            System.err.println("skiff: " + e.getMessage());
            return 1;
        }
    }

    private void runBroker(Map<String, String> options, boolean standalone) throws StartupException, ConfigException {
        String configOption = options.get("--config");
        if (!standalone && configOption == null) {
            throw new ConfigException("the broker command needs --config FILE naming its name servers");
        }
        Path configFile = configOption != null ? Path.of(configOption).toAbsolutePath()
                : home.resolve("conf").resolve("broker.yaml");
        SkiffConfig config = Files.exists(configFile) || configOption != null ? ConfigLoader.load(configFile)
                : SkiffConfig.defaults();
        if (standalone && !config.embeddedNameServer()) {
            throw new ConfigException(configFile + ": standalone runs an embedded name server, but nameServer is '"
                    + config.nameServer() + "'; use 'skiff broker' for external name servers");
        }
        if (!standalone && config.embeddedNameServer()) {
            throw new ConfigException(configFile + ": nameServer is 'embedded'; use 'skiff standalone', or list"
                    + " name servers (nameServer: host:port;host:port)");
        }
        SkiffServer server = Files.exists(configFile) ? SkiffServer.start(config, home, configFile)
                : SkiffServer.start(config, home);
        Map<String, String> rows = new LinkedHashMap<>();
        if (server.nameServer() != null) {
            rows.put("name server", server.nameServerAddress() + " (embedded)");
        } else {
            rows.put("name servers", server.nameServerAddress());
        }
        rows.put("broker", config.brokerName() + " on " + server.brokerAddress());
        rows.put("data", server.storeReport());
        rows.put("metrics", server.broker().metricsEndpoint() == null ? "off (metrics.enabled: false)"
                : "http://" + server.broker().metricsEndpoint().addressString() + "/metrics");
        rows.put("send hooks", config.send().hooks().isEmpty() ? "none" : String.join(" → ", config.send().hooks()));
        rows.put("plugins", server.pluginReport().isEmpty() ? "none" : String.join("; ", server.pluginReport()));
        rows.put("config", Files.exists(configFile) ? configFile.toString() : "defaults (no " + configFile + ")");
        CountDownLatch stopped = stopOnSignal(() -> {
            server.shutdown();
            out.println("SkiffMQ stopped: store flushed and closed.");
        });
        printSummary((standalone ? "standalone" : "broker"), rows);
        await(stopped);
    }

    private void runNameServer(Map<String, String> options) throws StartupException, ConfigException {
        String configOption = options.get("--config");
        NameServer nameServer;
        Map<String, String> rows = new LinkedHashMap<>();
        if (configOption == null) {
            nameServer = SkiffServer.startNameServer(options.getOrDefault("--listen", "127.0.0.1:9876"),
                    Clock.systemUTC());
        } else {
            // The file's nameServerListen, transport.tls, access and plugins keys; --listen wins.
            SkiffConfig config = ConfigLoader.load(Path.of(configOption).toAbsolutePath());
            if (options.containsKey("--listen")) {
                config.nameServerListen(options.get("--listen"));
            }
            nameServer = SkiffServer.startNameServer(config, home, Clock.systemUTC());
            rows.put("access control", config.access().enabled() ? config.access().control() : "off");
            rows.put("tls", config.transport().tls().mode() == null ? "disabled" : config.transport().tls().mode());
        }
        rows.put("name server", nameServer.addressString());
        CountDownLatch stopped = stopOnSignal(() -> {
            nameServer.shutdown();
            out.println("SkiffMQ name server stopped.");
        });
        printSummary("name server", rows);
        await(stopped);
    }

    private void printSummary(String what, Map<String, String> rows) {
        out.println("SkiffMQ " + version() + " · " + what);
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        rows.forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, v));
        out.println("Ready. Press Ctrl-C to stop.");
        out.flush();
    }

    /**
     * Runs {@code stop} when the JVM is asked to end (Ctrl-C, SIGTERM). Registered before "Ready."
     * is printed, so a signal right after it still stops cleanly; a stop that throws says so on
     * stderr instead of ending without a word.
     */
    private static CountDownLatch stopOnSignal(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException | Error e) {
                System.err.println("skiff: stopping failed: " + e + "; the next start recovers the store");
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "skiff-shutdown"));
        return stopped;
    }

    private static void await(CountDownLatch stopped) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String key = rest.get(i);
            if (!key.equals("--config") && !key.equals("--listen")) {
                throw new IllegalArgumentException("unknown option '" + key + "'; see 'skiff help'");
            }
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            options.put(key, rest.get(++i));
        }
        return options;
    }

    static String version() {
        try (InputStream in = SkiffCli.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}

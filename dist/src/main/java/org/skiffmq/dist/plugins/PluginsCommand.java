package org.skiffmq.dist.plugins;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.skiffmq.api.access.AclSignature;
import org.skiffmq.api.access.RequestSigner;
import org.skiffmq.kernel.broker.admin.PluginAdminClient;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.HostPort;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.MissingExtensionException;
import org.skiffmq.kernel.plugin.PluginControlException;
import org.skiffmq.kernel.protocol.PluginsInfo;

/**
 * {@code skiff plugins}: looks at and changes the plugins and send hooks of a running broker on
 * this machine, over Remoting. Every change answers with the chain and plugins as they now are.
 */
public final class PluginsCommand {
    public static final String USAGE = String.join("\n",
            "Usage: skiff plugins [--broker HOST:PORT] <action>",
            "",
            "Actions (on the running broker; changes last until it stops, send.hooks is what a start runs):",
            "  list                       installed plugins, and the send hooks in the order they run",
            "  install ZIP                copy a plugin zip into plugins/installed/ (none of its code runs)",
            "  load PLUGIN                load an installed plugin: its code runs, its hooks can be enabled",
            "  enable HOOK [--at N]       run HOOK at position N (default: last)",
            "  disable HOOK               stop running HOOK",
            "  order HOOK[,HOOK...]       run exactly these hooks, in this order ('' for none)",
            "  reload PLUGIN              load PLUGIN's zip again; sends under way finish with the old code",
            "",
            "--broker defaults to the listen address in conf/broker.yaml (127.0.0.1:10911).",
            "Under access control, sign as an admin user: set SKIFF_ACCESS_KEY and SKIFF_SECRET_KEY in the",
            "environment (or --access-key; the secret only from the environment, so it stays out of ps).");

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    private final Map<String, String> env;

    public PluginsCommand(PrintStream out, PrintStream err, Path home) {
        this(out, err, home, System.getenv());
    }

    /** @param env where SKIFF_ACCESS_KEY and SKIFF_SECRET_KEY are read (the process environment) */
    public PluginsCommand(PrintStream out, PrintStream err, Path home, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.env = env;
    }

    /** Credentials from --access-key or SKIFF_ACCESS_KEY, and SKIFF_SECRET_KEY; none when neither key is given. */
    private RequestSigner signer(String accessKeyOption) {
        String accessKey = accessKeyOption != null ? accessKeyOption : env.get("SKIFF_ACCESS_KEY");
        if (accessKey == null || accessKey.isBlank()) {
            return null;
        }
        String secretKey = env.get("SKIFF_SECRET_KEY");
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("an access key is given but SKIFF_SECRET_KEY is not set in the"
                    + " environment; set it to the user's secret key");
        }
        return AclSignature.signer(accessKey, secretKey);
    }

    /** Runs the command; returns the exit status (0 done, 1 refused or unreachable, 2 bad usage). */
    public int run(List<String> arguments) {
        List<String> args = new ArrayList<>(arguments);
        String broker;
        RequestSigner signer;
        try {
            signer = signer(takeOption(args, "--access-key"));
            broker = takeOption(args, "--broker");
            if (broker == null) {
                broker = defaultBroker();
            }
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("skiff plugins: " + e.getMessage());
            return 2;
        }
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try (PluginAdminClient admin = new PluginAdminClient(
                ExtensionCatalog.discover(null).transport("netty", "transport.engine"), broker, signer)) {
            PluginAdminClient.Outcome outcome = perform(admin, args);
            if (!args.get(0).equals("list")) {
                out.println("Done: " + outcome.done());
                out.println();
            }
            print(broker, outcome.state());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("skiff plugins: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (PluginControlException e) {
            err.println("skiff plugins: " + e.getMessage());
            return 1;
        } catch (MissingExtensionException e) {
            err.println("skiff plugins: this distribution has no Netty transport in lib/: " + e.getMessage());
            return 1;
        }
    }

    private static PluginAdminClient.Outcome perform(PluginAdminClient admin, List<String> args)
            throws PluginControlException {
        String action = args.get(0);
        switch (action) {
            case "list" -> {
                expect(args, 1);
                return admin.list();
            }
            case "install" -> {
                expect(args, 2);
                // The broker reads the path on this machine; make it independent of its working directory.
                return admin.install(Path.of(args.get(1)).toAbsolutePath().normalize().toString());
            }
            case "enable" -> {
                String at = takeOption(args, "--at");
                expect(args, 2);
                return admin.enable(args.get(1), at == null ? 0 : position(at));
            }
            case "disable" -> {
                expect(args, 2);
                return admin.disable(args.get(1));
            }
            case "order" -> {
                expect(args, 2);
                return admin.order(List.of(args.get(1).split(","))); // the broker trims and drops empty names
            }
            case "load" -> {
                expect(args, 2);
                return admin.load(args.get(1));
            }
            case "reload" -> {
                expect(args, 2);
                return admin.reload(args.get(1));
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'");
        }
    }

    /** The p99 as the upper bound of its histogram bucket: "≤ 0.25"; "-" before any call or without metrics. */
    private static String p99(PluginsInfo.Hook hook) {
        if (hook.p99Millis() == null || hook.calls() == null || hook.calls() == 0) {
            return "-";
        }
        if (hook.p99Millis().isInfinite()) {
            return "> 5000";
        }
        return "≤ " + java.math.BigDecimal.valueOf(hook.p99Millis()).stripTrailingZeros().toPlainString();
    }

    private void print(String broker, PluginsInfo state) {
        out.println("Send hooks on " + broker + " (chain version " + state.chainVersion() + ")");
        if (state.hooks().isEmpty()) {
            out.println("  none installed");
        } else {
            TextTable hooks = new TextTable("#", "hook", "from", "calls", "failures", "p99 ms").alignRight(0)
                    .alignRight(3).alignRight(4).alignRight(5);
            boolean metricsOff = false;
            for (PluginsInfo.Hook hook : state.hooks()) {
                metricsOff |= hook.calls() == null;
                hooks.row(hook.position() > 0 ? hook.position() : "-", hook.name(), hook.origin(),
                        hook.calls() == null ? "-" : hook.calls(), hook.failures(), p99(hook));
            }
            hooks.print(out, "  ");
            if (metricsOff) {
                out.println("  (calls and p99 come from the broker's metrics, which are off: metrics.enabled: false)");
            }
        }
        out.println();
        out.println("Plugins");
        if (state.plugins().isEmpty()) {
            out.println("  none");
            return;
        }
        TextTable plugins = new TextTable("id", "version", "state", "extensions", "file");
        List<String> problems = new ArrayList<>();
        for (PluginsInfo.Plugin plugin : state.plugins()) {
            plugins.row(plugin.id(), plugin.version(), plugin.state(), String.join(", ", plugin.extensions()),
                    Path.of(plugin.file()).getFileName());
            if (plugin.problem() != null) {
                problems.add(plugin.id() + ": " + plugin.problem());
            }
        }
        plugins.print(out, "  ");
        problems.forEach(p -> out.println("  ! " + p));
    }

    private String defaultBroker() throws ConfigException {
        Path config = home.resolve("conf").resolve("broker.yaml");
        String listen = Files.exists(config) ? ConfigLoader.load(config).listen() : "127.0.0.1:10911";
        HostPort hostPort = HostPort.parse(listen, "listen");
        String host = hostPort.host().equals("0.0.0.0") || hostPort.host().equals("::") ? "127.0.0.1" : hostPort.host();
        return host + ":" + hostPort.port();
    }

    private static String takeOption(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    private static void expect(List<String> args, int count) {
        if (args.size() != count) {
            throw new IllegalArgumentException("'" + args.get(0) + "' takes " + (count - 1) + " argument"
                    + (count == 2 ? "" : "s") + "; got " + args.subList(1, args.size()));
        }
    }

    private static int position(String at) {
        try {
            int n = Integer.parseInt(at);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--at takes a position of 1 or more; got '" + at + "'");
    }
}

package org.skiffmq.dist.assemble;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code skiff dist [--plugins a,b] [--store NAME] [--transport NAME] --out DIR}: assembles a
 * distribution with only the named pieces from the running one, checks its configuration, and
 * prints what it holds and how to start it.
 *
 * <p>The store is a module of lib/ (mmap) or comes from a plugin zip in plugins/ (raft); a
 * plugin's store ships its zip as if named in {@code --plugins}, and the store's example
 * configurations in {@code conf/<store>/} come along ({@link ConfSelection}).
 */
public final class DistCommand {
    /** The launcher's module: {@code bin/skiff} runs {@code org.skiffmq.dist/org.skiffmq.dist.SkiffCli}. */
    static final String LAUNCHER_MODULE = "org.skiffmq.dist";

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final ProviderModules providers;

    public DistCommand(PrintStream out, PrintStream err, Path home) {
        this(out, err, home, new ProviderModules(home.resolve("plugins")));
    }

    DistCommand(PrintStream out, PrintStream err, Path home, ProviderModules providers) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.providers = providers;
    }

    /** Runs the command on the arguments after {@code dist}; returns the exit status. */
    public int run(List<String> args) {
        try {
            DistOptions asked = DistOptions.parse(args);
            ProviderModules.StoreSource store = providers.store(asked.store());
            Set<String> roots = new LinkedHashSet<>();
            roots.add(LAUNCHER_MODULE);
            roots.addAll(store.modules());
            roots.add(providers.transport(asked.transport()));
            roots.addAll(providers.loggingBackends());
            DistOptions options = store.plugin() == null ? asked : asked.withPlugins(List.of(store.plugin()));
            boolean existed = Files.exists(options.out());
            List<Piece> pieces = new DistributionAssembler(home).assemble(options.out(), new ArrayList<>(roots),
                    options.plugins(), options.store());
            List<ConfCheck.Checked> configs;
            try {
                configs = ConfCheck.check(options.out(), options);
            } catch (DistException e) {
                if (existed) {
                    Tree.deleteContents(options.out());
                } else {
                    Tree.delete(options.out());
                }
                throw e;
            }
            out.println("SkiffMQ distribution in " + options.out() + " · store " + options.store() + ", transport "
                    + options.transport() + ", plugins " + (options.plugins().isEmpty() ? "none"
                    : String.join(", ", options.plugins())));
            out.println();
            SizeTable.print(out, pieces);
            out.println();
            printStart(options.out(), configs);
            return 0;
        } catch (DistException e) {
            err.println("skiff: " + e.getMessage());
            return e.exitCode();
        }
    }

    /**
     * How to start the new distribution: {@code standalone} for its {@code conf/broker.yaml} (or the
     * defaults), a name server and then {@code broker --config} for each configuration that names
     * external name servers (the raft group's members).
     */
    private void printStart(Path dist, List<ConfCheck.Checked> configs) {
        String skiff = dist.resolve("bin/skiff").toString();
        Set<String> nameServers = new LinkedHashSet<>();
        List<String> brokers = new ArrayList<>();
        for (ConfCheck.Checked c : configs) {
            if (!c.config().embeddedNameServer()) {
                nameServers.addAll(c.config().nameServerAddresses());
                brokers.add(skiff + " broker --config " + dist.resolve(c.file()));
            } else if (c.file().equals("conf/" + ConfSelection.BROKER_YAML)) {
                brokers.add(skiff + " standalone");
            } else {
                brokers.add(skiff + " standalone --config " + dist.resolve(c.file()));
            }
        }
        if (brokers.isEmpty()) {
            brokers.add(skiff + " standalone");
        }
        List<String> lines = new ArrayList<>();
        nameServers.forEach(address -> lines.add(skiff + " namesrv --listen " + address));
        lines.addAll(brokers);
        out.println("Start it: " + lines.get(0));
        lines.subList(1, lines.size()).forEach(line -> out.println("          " + line));
    }
}

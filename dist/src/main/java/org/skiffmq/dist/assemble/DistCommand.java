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
 */
public final class DistCommand {
    /** The launcher's module: {@code bin/skiff} runs {@code org.skiffmq.dist/org.skiffmq.dist.SkiffCli}. */
    static final String LAUNCHER_MODULE = "org.skiffmq.dist";

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final ProviderModules providers;

    public DistCommand(PrintStream out, PrintStream err, Path home) {
        this(out, err, home, new ProviderModules());
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
            DistOptions options = DistOptions.parse(args);
            Set<String> roots = new LinkedHashSet<>();
            roots.add(LAUNCHER_MODULE);
            roots.add(providers.store(options.store()));
            roots.add(providers.transport(options.transport()));
            roots.addAll(providers.loggingBackends());
            boolean existed = Files.exists(options.out());
            List<Piece> pieces = new DistributionAssembler(home).assemble(options.out(), new ArrayList<>(roots),
                    options.plugins());
            try {
                ConfCheck.check(options.out(), options);
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
            out.println("Start it: " + options.out().resolve("bin/skiff") + " standalone");
            return 0;
        } catch (DistException e) {
            err.println("skiff: " + e.getMessage());
            return e.exitCode();
        }
    }
}

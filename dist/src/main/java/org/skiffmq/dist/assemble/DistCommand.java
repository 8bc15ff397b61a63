package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code skiff dist [--plugins a,b] [--store NAME] [--transport NAME] --out DIR}: assembles a
 * distribution with only the named pieces from the running one, checks its configuration, and
 * prints what it holds and how to start it.
 */
public final class DistCommand {
    private static final Logger LOG = LoggerFactory.getLogger(DistCommand.class);
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
                discard(options.out(), existed);
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

    /** Removes what was assembled, so a refused distribution leaves nothing half made. */
    private static void discard(Path dir, boolean keepFolder) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!(keepFolder && p.equals(dir))) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the refused distribution in {}: {}", dir, e.toString());
        }
    }
}

package org.skiffmq.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The load tool: {@code skiff bench produce|consume|probe [options]} (see {@link BenchOptions#USAGE}).
 * It drives any broker that speaks RocketMQ's Remoting protocol through its name server, with the
 * official RocketMQ client, so the same command measures SkiffMQ and Apache RocketMQ alike.
 *
 * <p>Runs on the class path, not as a module: the official client and its thirty-odd dependencies
 * are plain jars, several without an Automatic-Module-Name, and the broker's module path stays
 * free of them (the distribution keeps them in {@code bench/}, apart from {@code lib/}).
 *
 * <p>Exit status: 0 after a run (errors are in the table and the RESULT line), 1 when the run
 * could not happen, 2 for a command line that cannot be run.
 */
public final class BenchCli {

    private BenchCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; what it prints goes to {@code out} (results) and {@code err} (progress, problems). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (UsageException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        if (options == null) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        try {
            return switch (options.command()) {
                case "produce" -> report(title(options), new ProduceLoad(options)
                        .run(new ProgressLine(err, options.progress(), "msg/s")), out);
                case "consume" -> report(title(options), new ConsumeLoad(options)
                        .run(new ProgressLine(err, options.progress(), "msg/s")), out);
                default -> new StartupProbe(options).run(out, err);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("bench: " + options.command() + " against name server " + options.namesrv() + " failed: " + e
                    + "; check that the broker is up and the address is right");
            return 1;
        }
    }

    private static int report(String title, BenchResult result, PrintStream out) {
        ResultReport.print(title, result, out);
        return 0;
    }

    private static String title(BenchOptions o) {
        String what = o.command().equals("produce")
                ? String.format(Locale.ROOT, "produce · %s%s · %d threads · %d B bodies", o.sendMode().name().toLowerCase(Locale.ROOT),
                        o.sendMode() == BenchOptions.SendMode.ASYNC ? " (" + o.inflight() + " in flight)" : "",
                        o.threads(), o.size())
                : String.format(Locale.ROOT, "consume · %d threads · end-to-end latency (store time to receipt)",
                        o.threads());
        return String.format(Locale.ROOT, "bench %s · topic %s via %s · %d s measured after %d s warm-up", what,
                o.topic(), o.namesrv(), o.seconds(), o.warmup());
    }
}

package org.skiffmq.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@link BenchResult}: a table for people, then the one {@code RESULT} line scripts read
 * (key=value pairs, milliseconds, a dot as decimal separator).
 */
final class ResultReport {

    private ResultReport() {
    }

    static void print(String title, BenchResult r, PrintStream out) {
        out.println();
        out.println(title);
        row(out, "messages", String.format(Locale.ROOT, "%,d in %.1f s", r.count(), r.seconds()));
        row(out, "throughput", String.format(Locale.ROOT, "%,.0f msg/s", r.perSecond()));
        row(out, "bandwidth", String.format(Locale.ROOT, "%.2f MiB/s", r.mibPerSecond()));
        row(out, "latency p50", ms(r.percentileMillis(50)));
        row(out, "latency p99", ms(r.percentileMillis(99)));
        row(out, "latency p99.9", ms(r.percentileMillis(99.9)));
        row(out, "latency max", ms(r.maxMillis()));
        row(out, "errors", Long.toString(r.errorCount()));
        for (Map.Entry<String, Long> e : r.errors().entrySet()) {
            row(out, "", String.format(Locale.ROOT, "%,d  %s", e.getValue(), e.getKey()));
        }
        out.println();
        out.println(resultLine(r));
        out.flush();
    }

    static String resultLine(BenchResult r) {
        return String.format(Locale.ROOT,
                "RESULT tps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d p999_ms=%.3f max_ms=%.3f mib_s=%.2f count=%d total=%d",
                r.perSecond(), r.percentileMillis(50), r.percentileMillis(99), r.errorCount(),
                r.percentileMillis(99.9), r.maxMillis(), r.mibPerSecond(), r.count(), r.completedTotal());
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-14s %s%n", name, value);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.3f ms", millis);
    }
}

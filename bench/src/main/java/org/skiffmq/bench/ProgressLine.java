package org.skiffmq.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The live line on stderr, redrawn in place (carriage return) once a second:
 * {@code   12s measure   41,230 msg/s  p99  1.21 ms  errors 0  measured 205,118}.
 * A disabled line prints nothing.
 */
final class ProgressLine {
    private final PrintStream err;
    private final boolean enabled;
    private final String unit;
    private int lastLength;

    ProgressLine(PrintStream err, boolean enabled, String unit) {
        this.err = err;
        this.enabled = enabled;
        this.unit = unit;
    }

    void update(Phase phase, long elapsedNanos, double rate, Histogram interval, long errors, long measured) {
        if (!enabled) {
            return;
        }
        double p99 = interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0;
        String line = String.format(Locale.ROOT, "%5ds %-7s %,10.0f %s  p99 %7.2f ms  errors %d  measured %,d",
                elapsedNanos / 1_000_000_000L, phase == Phase.WARMUP ? "warm-up" : "measure", rate, unit, p99,
                errors, measured);
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the line so what follows starts on a fresh one. */
    void finish() {
        if (enabled && lastLength > 0) {
            err.println();
            err.flush();
        }
    }
}

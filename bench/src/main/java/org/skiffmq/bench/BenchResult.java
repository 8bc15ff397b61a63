package org.skiffmq.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a measured window produced.
 *
 * @param latencyMicros  latency of every operation completed in the window, in microseconds
 * @param seconds        the window's exact length
 * @param bytesPerOp     message body size, for the bandwidth
 * @param errors         failures in the window, by kind
 * @param completedTotal successful operations in all phases (warm-up included), for per-message costs
 */
record BenchResult(Histogram latencyMicros, double seconds, int bytesPerOp, Map<String, Long> errors,
        long completedTotal) {

    long count() {
        return latencyMicros.getTotalCount();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    double perSecond() {
        return seconds <= 0 ? 0 : count() / seconds;
    }

    double mibPerSecond() {
        return perSecond() * bytesPerOp / (1024.0 * 1024.0);
    }

    /** A percentile (0-100) in milliseconds; 0 when nothing was recorded. */
    double percentileMillis(double percentile) {
        return count() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return count() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }
}

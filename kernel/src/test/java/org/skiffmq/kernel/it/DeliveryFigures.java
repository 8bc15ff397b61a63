package org.skiffmq.kernel.it;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * One run of {@link PromptDeliveryTest} as a table row, over the messages sent after the skipped
 * warm-up seconds: how many were sent, failed, acknowledged, had not reached the consumer when the
 * run ended, and how long the ones that did took from store to consumer (receive time minus store
 * timestamp; nearest-rank percentiles).
 */
record DeliveryFigures(int run, long sent, long failed, long acknowledged, long notArrived, long p50Millis,
        long p99Millis, long maxMillis, double sendSeconds) {

    static final String HEADER = String.format("%4s %8s %7s %8s %12s %8s %8s %8s %8s",
            "run", "sent", "failed", "acked", "not-arrived", "p50-ms", "p99-ms", "max-ms", "send-s");

    /**
     * The figures of one run.
     *
     * @param acknowledgedIds ids of the measured messages the broker acknowledged
     * @param latencyById     store-to-consumer millis of each message that arrived, by id
     * @param sendSeconds     how long the sending took, against the scheduled duration
     */
    static DeliveryFigures of(int run, long sent, long failed, Collection<String> acknowledgedIds,
            Map<String, Long> latencyById, double sendSeconds) {
        long[] latencies = acknowledgedIds.stream().map(latencyById::get).filter(Objects::nonNull)
                .mapToLong(Long::longValue).sorted().toArray();
        return new DeliveryFigures(run, sent, failed, acknowledgedIds.size(),
                acknowledgedIds.size() - latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1], sendSeconds);
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    String row() {
        return String.format("%4d %8d %7d %8d %12d %8d %8d %8d %8.1f", run, sent, failed, acknowledged, notArrived,
                p50Millis, p99Millis, maxMillis, sendSeconds);
    }
}

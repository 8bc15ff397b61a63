package org.skiffmq.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where load threads report each completed operation: a latency (wait-free, into an HdrHistogram
 * {@link Recorder}) or an error by kind. Thread-safe. Latencies are recorded in microseconds; the
 * {@link MeasurementRun} drains them once a second and keeps only the measured intervals.
 */
final class LatencyMeter {
    /** Up to one hour in microseconds, three significant digits. */
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, 3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder intervalErrors = new LongAdder();
    private final Map<String, LongAdder> measuredErrors = new ConcurrentHashMap<>();
    private volatile Phase phase = Phase.WARMUP;

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        this.phase = next;
    }

    /** One successful operation that took {@code nanos}. */
    void record(long nanos) {
        recorder.recordValue(Math.min(Math.max(nanos / 1000, 1), HIGHEST_MICROS));
        completed.increment();
    }

    /** One failed operation; {@code kind} names it for the table (e.g. the exception class). */
    void error(String kind) {
        intervalErrors.increment();
        if (phase == Phase.MEASURE) {
            measuredErrors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
    }

    /** The latencies recorded since the last call (the histogram is the caller's). */
    Histogram drainInterval() {
        return recorder.getIntervalHistogram();
    }

    /** Errors since the last call, in any phase (for the progress line). */
    long drainIntervalErrors() {
        return intervalErrors.sumThenReset();
    }

    /** Successful operations in every phase, warm-up included. */
    long completedTotal() {
        return completed.sum();
    }

    /** Errors that happened while measuring, by kind. */
    Map<String, Long> measuredErrors() {
        Map<String, Long> out = new TreeMap<>();
        measuredErrors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

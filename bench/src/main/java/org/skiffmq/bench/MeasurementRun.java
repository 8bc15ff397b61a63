package org.skiffmq.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs the clock of one load run on the calling thread: warm-up, then the measured window, then
 * done. Once a second it drains the {@link LatencyMeter}, keeps the interval when it was measured,
 * and redraws the {@link ProgressLine}. Phase changes happen right after a drain, so every interval
 * belongs to exactly one phase. A run bounded by a message count instead checks every 20 ms, so
 * it stops within a few sends of the count.
 */
final class MeasurementRun {
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long COUNT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LatencyMeter meter;
    private final long warmupNanos;
    private final long measureNanos;
    private final ProgressLine progress;
    private final int bytesPerOp;
    private final long messages;

    MeasurementRun(LatencyMeter meter, int warmupSeconds, int measureSeconds, int bytesPerOp, ProgressLine progress) {
        this(meter, warmupSeconds, measureSeconds, 0, bytesPerOp, progress);
    }

    /** With {@code messages} above 0, the measured window ends after that many completed sends. */
    MeasurementRun(LatencyMeter meter, int warmupSeconds, int measureSeconds, long messages, int bytesPerOp,
            ProgressLine progress) {
        this.meter = meter;
        this.messages = messages;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.measureNanos = TimeUnit.SECONDS.toNanos(measureSeconds);
        this.bytesPerOp = bytesPerOp;
        this.progress = progress;
    }

    /** Blocks for warm-up plus the measured window, then leaves the meter in {@link Phase#DONE}. */
    BenchResult run() throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start;
        meter.phase(warmupNanos > 0 ? Phase.WARMUP : Phase.MEASURE);
        meter.drainInterval();
        Histogram total = new Histogram(1, 3_600_000_000L, 3);
        long lastTick = start;
        long completedBeforeMeasure = 0;
        while (true) {
            if (messages > 0 && meter.phase() == Phase.MEASURE) {
                // Counted: look at the count every 20 ms, and tick once a second at the latest.
                while (meter.completedTotal() - completedBeforeMeasure < messages
                        && System.nanoTime() < lastTick + TICK_NANOS) {
                    TimeUnit.NANOSECONDS.sleep(COUNT_CHECK_NANOS);
                }
            } else {
                long boundary = meter.phase() == Phase.WARMUP ? start + warmupNanos : measureStart + measureNanos;
                long sleep = Math.min(lastTick + TICK_NANOS, boundary) - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            long now = System.nanoTime();
            Histogram interval = meter.drainInterval();
            long errors = meter.drainIntervalErrors();
            Phase phase = meter.phase();
            if (phase == Phase.MEASURE) {
                total.add(interval);
            }
            progress.update(phase, now - start, interval.getTotalCount() / ((now - lastTick) / 1e9), interval, errors,
                    total.getTotalCount());
            lastTick = now;
            if (phase == Phase.WARMUP && now - start >= warmupNanos) {
                meter.phase(Phase.MEASURE);
                measureStart = now;
                completedBeforeMeasure = meter.completedTotal();
            } else if (phase == Phase.MEASURE && (messages > 0
                    ? meter.completedTotal() - completedBeforeMeasure >= messages
                    : now - measureStart >= measureNanos)) {
                meter.phase(Phase.DONE);
                progress.finish();
                return new BenchResult(total, (now - measureStart) / 1e9, bytesPerOp, meter.measuredErrors(),
                        meter.completedTotal());
            }
        }
    }
}

package org.skiffmq.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs the clock of one load run on the calling thread: warm-up, then the measured window, then
 * done. Once a second it drains the {@link LatencyMeter}, keeps the interval when it was measured,
 * and redraws the {@link ProgressLine}. Phase changes happen right after a drain, so every interval
 * belongs to exactly one phase.
 */
final class MeasurementRun {
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LatencyMeter meter;
    private final long warmupNanos;
    private final long measureNanos;
    private final ProgressLine progress;
    private final int bytesPerOp;

    MeasurementRun(LatencyMeter meter, int warmupSeconds, int measureSeconds, int bytesPerOp, ProgressLine progress) {
        this.meter = meter;
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
        while (true) {
            long boundary = meter.phase() == Phase.WARMUP ? start + warmupNanos : measureStart + measureNanos;
            long wake = Math.min(lastTick + TICK_NANOS, boundary);
            long sleep = wake - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
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
            } else if (phase == Phase.MEASURE && now - measureStart >= measureNanos) {
                meter.phase(Phase.DONE);
                progress.finish();
                return new BenchResult(total, (now - measureStart) / 1e9, bytesPerOp, meter.measuredErrors(),
                        meter.completedTotal());
            }
        }
    }
}

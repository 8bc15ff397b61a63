package org.skiffmq.store.mmap.internal;

import java.util.concurrent.atomic.AtomicInteger;

/** A partition whose fullness the test sets. */
final class FakeDisk implements DiskSpace {
    private volatile long total;
    private volatile long usable;
    private final AtomicInteger failures = new AtomicInteger();

    FakeDisk(long total, long usable) {
        this.total = total;
        this.usable = usable;
    }

    /** Sets the used share of the disk. */
    void used(double ratio) {
        usable = total - (long) (total * ratio);
    }

    /** The next {@code n} size queries throw an unexpected (unchecked) error, then it answers again. */
    void failNext(int n) {
        failures.set(n);
    }

    /** Whether every failure asked for has been thrown. */
    boolean failuresUsed() {
        return failures.get() <= 0;
    }

    @Override
    public long totalBytes() {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected: the file store could not be queried");
        }
        return total;
    }

    @Override
    public long usableBytes() {
        return usable;
    }
}

package org.skiffmq.store.mmap.internal;

/** A partition whose fullness the test sets. */
final class FakeDisk implements DiskSpace {
    private volatile long total;
    private volatile long usable;

    FakeDisk(long total, long usable) {
        this.total = total;
        this.usable = usable;
    }

    /** Sets the used share of the disk. */
    void used(double ratio) {
        usable = total - (long) (total * ratio);
    }

    @Override
    public long totalBytes() {
        return total;
    }

    @Override
    public long usableBytes() {
        return usable;
    }
}

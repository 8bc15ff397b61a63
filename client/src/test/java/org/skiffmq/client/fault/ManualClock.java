package org.skiffmq.client.fault;

import java.util.function.LongSupplier;

/** A clock that moves only when the test says so. */
final class ManualClock implements LongSupplier {
    private long millis = 1_000_000;

    @Override
    public long getAsLong() {
        return millis;
    }

    void advance(long by) {
        millis += by;
    }
}

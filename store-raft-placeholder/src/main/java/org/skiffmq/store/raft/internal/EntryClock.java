package org.skiffmq.store.raft.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The local store's clock: while the state machine applies an entry, the store time the leader
 * put in it (so every member writes the same record); on any other thread, the broker's clock.
 */
final class EntryClock extends Clock {
    private final Clock fallback;
    private final ThreadLocal<long[]> applying = new ThreadLocal<>();

    EntryClock(Clock fallback) {
        this.fallback = fallback;
    }

    /** Runs {@code action} on this thread with the store time fixed at {@code storeTimestamp}. */
    <T> T at(long storeTimestamp, java.util.function.Supplier<T> action) {
        applying.set(new long[] {storeTimestamp});
        try {
            return action.get();
        } finally {
            applying.remove();
        }
    }

    @Override
    public long millis() {
        long[] fixed = applying.get();
        return fixed != null ? fixed[0] : fallback.millis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return fallback.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the entry clock has one zone");
    }
}

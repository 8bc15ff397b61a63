package org.skiffmq.store.mmap.contract;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The store clock of a contract test: it stands still until the test sets it; thread-safe. */
public final class SettableClock extends Clock {
    private volatile long millis;

    public SettableClock(long startMillis) {
        this.millis = startMillis;
    }

    public void set(long newMillis) {
        millis = newMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

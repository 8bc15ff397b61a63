package org.skiffmq.kernel.protocol;

/** A version stamp of a broker's topic table: {@code {"counter":2,"stateVersion":0,"timestamp":...}}. */
public record DataVersion(long counter, long stateVersion, long timestamp) {

    public DataVersion next(long now) {
        return new DataVersion(counter + 1, stateVersion, now);
    }

    /** This version with {@code stateVersion} set: a replicated store's term, which name servers compare. */
    public DataVersion withStateVersion(long state) {
        return new DataVersion(counter, state, timestamp);
    }
}

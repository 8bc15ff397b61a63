package org.skiffmq.plugin.maxrate;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled at {@code perSecond}, one token
 * per message. Thread-safe; the lock is held for a few arithmetic operations.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacity;
    private final long nanosPerToken;
    private long tokens;
    private long refilledAt;

    /** A full bucket at {@code nowNanos}. */
    TokenBucket(long perSecond, long capacity, long nowNanos) {
        this.capacity = capacity;
        this.nanosPerToken = Math.max(1, NANOS_PER_SECOND / perSecond);
        this.tokens = capacity;
        this.refilledAt = nowNanos;
    }

    /** Whether the bucket has refilled to capacity by {@code nowNanos}: then it is as good as a new one. */
    synchronized boolean isFullAt(long nowNanos) {
        return tokens == capacity || (nowNanos - refilledAt) / nanosPerToken >= capacity - tokens;
    }

    /** Takes one token if there is one at {@code nowNanos} (a monotonic clock). */
    synchronized boolean tryTake(long nowNanos) {
        long earned = (nowNanos - refilledAt) / nanosPerToken;
        if (earned > 0) {
            tokens = Math.min(capacity, tokens + earned);
            // Keep the remainder of a partly earned token rather than losing it.
            refilledAt = tokens == capacity ? nowNanos : refilledAt + earned * nanosPerToken;
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }
}

package org.skiffmq.kernel.config;

/**
 * {@code consume:} the broker's read side.
 *
 * @param pullThreads              pull executor threads (default min(cores, 4) + 1)
 * @param longPollFallbackMillis   how often held pulls are re-checked without an arrival signal
 *                                 (default 5000; arrivals wake them at once)
 * @param offsetPersistMillis      how often consumer offsets are written to disk (default 5000)
 * @param maxPullBytes             most bytes one pull answer carries (default 256k)
 */
public record ConsumeSection(Integer pullThreads, Integer longPollFallbackMillis, Integer offsetPersistMillis,
        ByteSize maxPullBytes) {

    public ConsumeSection {
        pullThreads = pullThreads == null ? Math.min(Runtime.getRuntime().availableProcessors(), 4) + 1 : pullThreads;
        longPollFallbackMillis = longPollFallbackMillis == null ? 5000 : longPollFallbackMillis;
        offsetPersistMillis = offsetPersistMillis == null ? 5000 : offsetPersistMillis;
        maxPullBytes = maxPullBytes == null ? ByteSize.of(256 * 1024) : maxPullBytes;
    }

    public static ConsumeSection defaults() {
        return new ConsumeSection(null, null, null, null);
    }
}

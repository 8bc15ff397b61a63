package org.skiffmq.kernel.broker.schedule;

import java.util.Locale;

/**
 * RocketMQ's delay levels: level n (1-based) waits the n-th duration of
 * {@code 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h}.
 */
public final class DelayLevels {
    public static final String DEFAULT = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private final long[] millis;

    private DelayLevels(long[] millis) {
        this.millis = millis;
    }

    public static DelayLevels defaults() {
        return parse(DEFAULT);
    }

    /** Parses space-separated durations with unit s, m, h or d. */
    public static DelayLevels parse(String levels) {
        String[] parts = levels.trim().split("\\s+");
        long[] millis = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            long unit = switch (p.charAt(p.length() - 1)) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> throw new IllegalArgumentException("delay level '" + parts[i] + "' needs a unit: s, m, h or d");
            };
            millis[i] = Long.parseLong(p.substring(0, p.length() - 1)) * unit;
        }
        return new DelayLevels(millis);
    }

    /** The highest level. */
    public int max() {
        return millis.length;
    }

    /** The delay of a level, clamped into 1..max. */
    public long millis(int level) {
        return millis[clamp(level) - 1];
    }

    public int clamp(int level) {
        return Math.max(1, Math.min(level, millis.length));
    }
}

package org.skiffmq.kernel.broker.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per key (a topic's puts, a group's gets of a topic) with RocketMQ's three windows, as
 * VIEW_BROKER_STATS_DATA reports them for the Dashboard's charts: over the last minute (samples
 * every 10 s), hour (every 10 min) and day (every hour), the sum, the rate per second and the
 * average per call. {@link #sample(long)} runs every 10 s; recording is a map lookup and two adds.
 */
public final class StatsWindows {
    private static final long TEN_SECONDS = 10_000;
    private static final long TEN_MINUTES = 600_000;
    private static final long HOUR = 3_600_000;

    private final Map<String, Item> items = new ConcurrentHashMap<>();

    /** One window's figures: what was added, per second, and per call. */
    public record Figures(long sum, double tps, double avgpt) {
    }

    /** The minute, hour and day figures of one key. */
    public record Windows(Figures minute, Figures hour, Figures day) {
    }

    public void add(String key, long value) {
        Item item = items.computeIfAbsent(key, k -> new Item());
        item.value.add(value);
        item.calls.increment();
    }

    /** The key's windows, or null when nothing was ever added under it. */
    public Windows get(String key) {
        Item item = items.get(key);
        return item == null ? null : item.windows();
    }

    /** Takes the samples due at {@code nowMillis}; run every 10 s. */
    public void sample(long nowMillis) {
        for (Item item : items.values()) {
            item.sample(nowMillis);
        }
    }

    private static final class Item {
        final LongAdder value = new LongAdder();
        final LongAdder calls = new LongAdder();
        final Ring minute = new Ring(7, TEN_SECONDS);
        final Ring hour = new Ring(7, TEN_MINUTES);
        final Ring day = new Ring(25, HOUR);

        synchronized void sample(long now) {
            long v = value.sum();
            long c = calls.sum();
            minute.offer(now, v, c);
            hour.offer(now, v, c);
            day.offer(now, v, c);
        }

        synchronized Windows windows() {
            return new Windows(minute.figures(), hour.figures(), day.figures());
        }
    }

    /** The last {@code size} samples, at least {@code every} ms apart. */
    private static final class Ring {
        final long[] at;
        final long[] values;
        final long[] calls;
        final long every;
        int next;
        int taken;

        Ring(int size, long every) {
            this.at = new long[size];
            this.values = new long[size];
            this.calls = new long[size];
            this.every = every;
        }

        void offer(long now, long value, long count) {
            if (taken > 0 && now - at[(next + at.length - 1) % at.length] < every - 1000) {
                return;
            }
            at[next] = now;
            values[next] = value;
            calls[next] = count;
            next = (next + 1) % at.length;
            taken = Math.min(taken + 1, at.length);
        }

        Figures figures() {
            if (taken < 2) {
                return new Figures(0, 0, 0);
            }
            int last = (next + at.length - 1) % at.length;
            int first = (next + at.length - taken) % at.length;
            long sum = values[last] - values[first];
            long n = calls[last] - calls[first];
            long millis = at[last] - at[first];
            double tps = millis > 0 ? sum * 1000.0 / millis : 0;
            double avgpt = n > 0 ? (double) sum / n : 0;
            return new Figures(sum, tps, avgpt);
        }
    }
}

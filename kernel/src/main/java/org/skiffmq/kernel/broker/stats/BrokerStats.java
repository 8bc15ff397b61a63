package org.skiffmq.kernel.broker.stats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.skiffmq.kernel.metrics.BrokerMetrics;

/**
 * Messages put and delivered, as GET_BROKER_RUNTIME_INFO reports them to {@code mqadmin} and the
 * Dashboard: totals since start, the totals at this morning's and yesterday morning's midnight,
 * and rates over the last 10 s, 1 min and 10 min ("12.00 10.50 9.98", RocketMQ's form). Counting
 * is a LongAdder add on the send and pull paths; {@link #sample()} runs once a second.
 */
public final class BrokerStats {
    private static final int WINDOW_SECONDS = 600;

    private final Clock clock;
    private final ZoneId zone;
    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final long[] putSamples = new long[WINDOW_SECONDS + 1];
    private final long[] getSamples = new long[WINDOW_SECONDS + 1];
    private int next;
    private int taken;
    private LocalDate day;
    private long putTodayMorning;
    private long getTodayMorning;
    private long putYesterdayMorning;
    private long getYesterdayMorning;

    private final BrokerMetrics metrics;
    private final StatsWindows topicPuts = new StatsWindows();
    private final StatsWindows groupGets = new StatsWindows();

    public BrokerStats(Clock clock) {
        this(clock, BrokerMetrics.NONE);
    }

    /** @param metrics where sends and pulls are also recorded per topic and group */
    public BrokerStats(Clock clock, BrokerMetrics metrics) {
        this.metrics = metrics;
        this.clock = clock;
        this.zone = ZoneId.systemDefault();
        this.day = LocalDate.ofInstant(clock.instant(), zone);
    }

    /** {@code n} messages were stored by a send. */
    public void recordPut(int n) {
        puts.add(n);
    }

    /** {@code n} messages of {@code topic} were stored by a send (also counted in the topic's windows). */
    public void recordPut(String topic, int n) {
        recordPut(n);
        topicPuts.add(topic, n);
    }

    /** {@code n} messages of {@code topic} were handed to {@code group} by a pull. */
    public void recordGet(String topic, String group, int n) {
        recordGet(n);
        groupGets.add(topic + "@" + group, n);
    }

    /** Puts per topic, for VIEW_BROKER_STATS_DATA's TOPIC_PUT_NUMS. */
    public StatsWindows topicPuts() {
        return topicPuts;
    }

    /** Gets per {@code topic@group}, for VIEW_BROKER_STATS_DATA's GROUP_GET_NUMS. */
    public StatsWindows groupGets() {
        return groupGets;
    }

    /** Samples the per-topic and per-group windows; runs every 10 s. */
    public void sampleWindows() {
        long now = clock.millis();
        topicPuts.sample(now);
        groupGets.sample(now);
    }

    /** {@code n} messages were handed to a consumer by a pull. */
    public void recordGet(int n) {
        gets.add(n);
    }

    /** The per-topic metrics the send and pull paths record into ({@link BrokerMetrics#NONE} when off). */
    public BrokerMetrics metrics() {
        return metrics;
    }

    public long putTotal() {
        return puts.sum();
    }

    public long getTotal() {
        return gets.sum();
    }

    /** Takes this second's totals for the rates, and moves the day's marks at midnight. */
    public synchronized void sample() {
        long put = puts.sum();
        long get = gets.sum();
        putSamples[next] = put;
        getSamples[next] = get;
        next = (next + 1) % putSamples.length;
        taken = Math.min(taken + 1, putSamples.length);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (!today.equals(day)) {
            putYesterdayMorning = today.minusDays(1).equals(day) ? putTodayMorning : put;
            getYesterdayMorning = today.minusDays(1).equals(day) ? getTodayMorning : get;
            putTodayMorning = put;
            getTodayMorning = get;
            day = today;
        }
    }

    /** Messages put per second over the last 10 s, 60 s and 600 s (fewer while the broker is younger). */
    public synchronized String putTps() {
        return tps(putSamples);
    }

    public synchronized String getTps() {
        return tps(getSamples);
    }

    public synchronized long putTodayMorning() {
        return putTodayMorning;
    }

    public synchronized long getTodayMorning() {
        return getTodayMorning;
    }

    public synchronized long putYesterdayMorning() {
        return putYesterdayMorning;
    }

    public synchronized long getYesterdayMorning() {
        return getYesterdayMorning;
    }

    private String tps(long[] samples) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", rate(samples, 10), rate(samples, 60), rate(samples, 600));
    }

    private double rate(long[] samples, int seconds) {
        if (taken < 2) {
            return 0;
        }
        int span = Math.min(seconds, taken - 1);
        int newest = Math.floorMod(next - 1, samples.length);
        int oldest = Math.floorMod(newest - span, samples.length);
        return (samples[newest] - samples[oldest]) / (double) span;
    }
}

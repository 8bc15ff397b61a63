package org.skiffmq.plugin.maxrate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.settings.Configurable;

/**
 * Limits the send rate per topic, or per producer host, with one {@link TokenBucket} each. Past
 * the limit the producer gets SYSTEM_BUSY with a remark naming the limit; the official client
 * does not retry it, so the application sees the refusal and can back off.
 *
 * <p>Once a second a send sweeps out the buckets that have refilled to the brim: a full bucket
 * is the same as a new one, so memory follows the topics or hosts that sent recently, not all
 * those ever seen. (A send racing the sweep for the same key may find a fresh bucket: one extra
 * message, at most, for a key that had been quiet.)
 */
public final class MaxRateHook implements SendHook, Configurable<MaxRateSettings> {
    private final LongSupplier nanoClock;
    private static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();
    private volatile MaxRateSettings settings;

    public MaxRateHook() {
        this(System::nanoTime);
    }

    /** With a monotonic clock in nanoseconds, so tests control time. */
    MaxRateHook(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastSweep.set(nanoClock.getAsLong());
    }

    @Override
    public String name() {
        return "max-rate";
    }

    @Override
    public Class<MaxRateSettings> settingsType() {
        return MaxRateSettings.class;
    }

    @Override
    public void configure(MaxRateSettings settings) {
        this.settings = settings;
        buckets.clear();
    }

    @Override
    public void before(SendContext context) throws SendRejectedException {
        MaxRateSettings s = settings;
        if (s == null) {
            throw new IllegalStateException("max-rate has no settings; the broker configures it before the first"
                    + " send, so it was used outside a broker");
        }
        boolean perClient = MaxRateSettings.CLIENT.equals(s.per());
        String key = perClient ? host(context.clientAddress()) : context.topic();
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(s.perSecond(), s.burst(), now));
        if (!bucket.tryTake(now)) {
            throw SendRejectedException.busy((perClient ? "Producer host " : "Topic ") + key
                    + " is past the max-rate limit of " + s.perSecond() + " messages/s (burst " + s.burst()
                    + ") per " + s.per() + "; send more slowly, or raise max-rate.perSecond");
        }
    }

    /** One send a second (whichever wins the race) drops the buckets that are full again. */
    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(bucket -> bucket.isFullAt(now));
        }
    }

    /** How many topics or hosts hold a bucket now. */
    int bucketCount() {
        return buckets.size();
    }

    /**
     * The host part of {@code host:port}: a producer that reconnects gets a new port, and the
     * limit is meant to hold for the producer, not for one connection.
     */
    private static String host(String address) {
        if (address == null) {
            return "unknown";
        }
        int colon = address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }
}

package org.skiffmq.plugin.maxrate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Buckets are kept for every topic or host seen since the start: fine for the topics and
 * producer hosts of one broker, not meant for unbounded key spaces.
 */
public final class MaxRateHook implements SendHook, Configurable<MaxRateSettings> {
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile MaxRateSettings settings;

    public MaxRateHook() {
        this(System::nanoTime);
    }

    /** With a monotonic clock in nanoseconds, so tests control time. */
    MaxRateHook(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
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
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(s.perSecond(), s.burst(), now));
        if (!bucket.tryTake(now)) {
            throw SendRejectedException.busy((perClient ? "Producer host " : "Topic ") + key
                    + " is past the max-rate limit of " + s.perSecond() + " messages/s (burst " + s.burst()
                    + ") per " + s.per() + "; send more slowly, or raise max-rate.perSecond");
        }
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

package org.skiffmq.kernel.broker.send;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.kernel.metrics.BrokerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send hooks the broker runs now, replaceable while it serves. Sends {@link #acquire()} the
 * current {@link HookChain} and {@link #release} it when answered; {@link #replace} installs a new
 * chain for the sends that start after it and hands back the old one to wait on. Also counts,
 * per hook, the sends a hook failed by throwing.
 */
public final class ActiveHooks {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveHooks.class);
    private final AtomicReference<HookChain> current;
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<HookChain> retired = new ArrayList<>();

    private final BrokerMetrics metrics;

    public ActiveHooks(List<SendHook> hooks) {
        this(hooks, BrokerMetrics.NONE);
    }

    /** @param metrics records each hook call's time and failure ({@link BrokerMetrics#NONE}: not timed) */
    public ActiveHooks(List<SendHook> hooks, BrokerMetrics metrics) {
        this.current = new AtomicReference<>(new HookChain(hooks, 1));
        this.metrics = metrics;
    }

    /** Where hook calls are recorded; {@link BrokerMetrics#NONE} when they are not timed. */
    BrokerMetrics metrics() {
        return metrics;
    }

    /** Whether hook calls are timed into the broker's metrics. */
    public boolean recordsMetrics() {
        return metrics != BrokerMetrics.NONE;
    }

    /** Each hook's calls, failures and p99 from the metrics; empty when metrics are off. */
    public Map<String, BrokerMetrics.HookFigures> hookFigures() {
        return metrics.hookFigures();
    }

    /** The chain a starting send uses; pair with {@link #release}. */
    HookChain acquire() {
        while (true) {
            HookChain chain = current.get();
            if (chain.hooks().isEmpty()) {
                // No hook to close later, so nothing to count: the default broker pays no shared counter per send.
                return chain;
            }
            chain.enter();
            // Re-check: a chain replaced between get() and enter() may already look drained.
            if (current.get() == chain) {
                return chain;
            }
            chain.exit();
        }
    }

    void release(HookChain chain) {
        if (!chain.hooks().isEmpty()) {
            chain.exit();
        }
    }

    public HookChain current() {
        return current.get();
    }

    /**
     * Makes {@code hooks} the chain for every send that starts from now on. The future completes
     * when no send holds this or any earlier chain: from then on only {@code hooks} run.
     */
    public synchronized CompletableFuture<Void> replace(List<SendHook> hooks) {
        HookChain old = current.get();
        current.set(new HookChain(hooks, old.version() + 1));
        old.retire();
        retired.removeIf(chain -> chain.drained().isDone());
        retired.add(old);
        return CompletableFuture.allOf(retired.stream().map(HookChain::drained).toArray(CompletableFuture[]::new));
    }

    void failed(SendHook hook, Throwable error) {
        LongAdder count = failures.computeIfAbsent(hook.name(), name -> new LongAdder());
        count.increment();
        long n = count.sum();
        // The first failure in full, then a reminder every thousand: a broken hook must not flood the log.
        if (n == 1 || n % 1000 == 0) {
            LOG.warn("Send hook '{}' threw ({} failures so far): {}", hook.name(), n, error.toString());
        }
    }

    /** Sends each hook failed by throwing, by hook name, since the broker started. */
    public Map<String, Long> failureCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        failures.forEach((name, count) -> counts.put(name, count.sum()));
        return counts;
    }
}

package org.skiffmq.kernel.config;

import java.util.List;

/**
 * {@code send:} the broker's send pipeline.
 *
 * @param hooks         send-hook extension names, run in this order (default none)
 * @param threads       send executor threads (default min(cores, 4))
 * @param queueCapacity sends waiting for a thread before SYSTEM_BUSY (default 10000)
 */
public record SendSection(List<String> hooks, Integer threads, Integer queueCapacity) {

    public SendSection {
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        threads = threads == null ? Math.min(Runtime.getRuntime().availableProcessors(), 4) : threads;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
    }

    public static SendSection defaults() {
        return new SendSection(null, null, null);
    }
}

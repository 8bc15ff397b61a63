package org.skiffmq.client.it;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;

/** A broker send hook that makes its broker slow: every send waits {@value #DELAY_MILLIS} ms. Active only where named. */
public final class SlowBrokerHook implements SendHook {
    public static final String NAME = "test-slow-broker";
    /** Slow enough for the latency strategy to avoid the broker (550 ms and more: 2 s away). */
    public static final long DELAY_MILLIS = 600;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void before(SendContext context) {
        try {
            Thread.sleep(DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

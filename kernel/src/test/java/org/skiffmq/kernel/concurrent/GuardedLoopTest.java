package org.skiffmq.kernel.concurrent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedLoopTest {

    @Test
    void aLoopThatThrowsRunsAgainAtItsNextPeriod() throws Exception {
        ScheduledExecutorService timer = BoundedExecutors.scheduled("guarded-loop-test");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch recovered = new CountDownLatch(1);
        try {
            timer.scheduleWithFixedDelay(GuardedLoop.of("A test loop", () -> {
                int run = runs.incrementAndGet();
                if (run == 1) {
                    throw new IllegalStateException("fails on purpose");
                }
                if (run == 2) {
                    throw new AssertionError("an Error, on purpose");
                }
                recovered.countDown();
            }), 0, 5, TimeUnit.MILLISECONDS);
            assertTrue(recovered.await(10, TimeUnit.SECONDS), "the loop stopped after " + runs.get() + " runs");
        } finally {
            timer.shutdownNow();
        }
    }
}

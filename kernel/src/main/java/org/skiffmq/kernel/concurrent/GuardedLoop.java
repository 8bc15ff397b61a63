package org.skiffmq.kernel.concurrent;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a periodic task, made to survive its own errors: the JDK cancels a
 * {@code scheduleWithFixedDelay} task for good, and silently, the first time it throws. The first
 * failure is logged with its stack trace, then one line per hundred, so a loop that fails every
 * tick does not flood the log.
 */
public final class GuardedLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedLoop.class);
    private final String name;
    private final Runnable body;
    private final AtomicLong failures = new AtomicLong();

    private GuardedLoop(String name, Runnable body) {
        this.name = name;
        this.body = body;
    }

    /** @param name what the loop does, as a log line names it, e.g. "the consumer offset persist" */
    public static Runnable of(String name, Runnable body) {
        return new GuardedLoop(name, body);
    }

    @Override
    public void run() {
        try {
            body.run();
        } catch (Throwable t) {
            long n = failures.incrementAndGet();
            if (n == 1) {
                LOG.error("{} failed; it runs again at its next period", name, t);
            } else if (n % 100 == 0) {
                LOG.error("{} failed again ({} failures so far): {}", name, n, t.toString());
            }
        }
    }
}

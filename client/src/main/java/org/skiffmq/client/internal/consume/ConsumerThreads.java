package org.skiffmq.client.internal.consume;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping a consumer's executors: let what runs finish for a while, then interrupt it. */
final class ConsumerThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerThreads.class);
    /** How long a listener call in progress may take to finish at shutdown. */
    static final long FINISH_MILLIS = 10_000;

    private ConsumerThreads() {
    }

    static void stop(ExecutorService executor, String what) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(FINISH_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("The {} still run after {} ms; interrupting them", what, FINISH_MILLIS);
                executor.shutdownNow();
                executor.awaitTermination(FINISH_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package org.skiffmq.client.fault;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.message.MessageQueue;

/**
 * Keeps sends away from slow or failing brokers, as RocketMQ's {@code sendLatencyFaultEnable}
 * does. Each attempt's latency marks its broker unavailable for a while:
 *
 * <pre>
 *   latency at least (ms)    0     50    100    550   1800   3000   5000   15000
 *   unavailable for (ms)     0      0      0   2000   5000   6000  10000   30000
 * </pre>
 *
 * A failed attempt counts as a latency of {@value #FAILURE_LATENCY_MILLIS} ms, so its broker is
 * avoided for 30 s. The latest attempt decides: a fast success makes a broker available again
 * at once.
 *
 * <p>Queue choice goes round-robin over the topic's queues and takes the first one whose broker
 * is available and did not fail this send's previous attempt; failing that, one on an available
 * broker; failing that (every broker is avoided), one on the broker that becomes available
 * soonest, preferring one other than the broker that just failed. Named {@value #NAME}, the
 * producer's default. Thread-safe.
 */
public final class LatencyFaultStrategy implements FaultStrategy {
    public static final String NAME = "latency";
    /** The latency a failed attempt counts as. */
    public static final long FAILURE_LATENCY_MILLIS = 30_000;

    private static final long[] LATENCY_AT_LEAST = {50, 100, 550, 1800, 3000, 5000, 15000};
    private static final long[] UNAVAILABLE_FOR = {0, 0, 2000, 5000, 6000, 10000, 30000};

    private final LongSupplier clockMillis;
    private final QueueCursor cursor = new QueueCursor();
    /** Broker name to the time (on {@link #clockMillis}) from which it may be used again. */
    private final Map<String, Long> availableFrom = new ConcurrentHashMap<>();

    /** The strategy on the JVM's monotonic clock (what ServiceLoader and the producer use). */
    public LatencyFaultStrategy() {
        this(() -> System.nanoTime() / 1_000_000);
    }

    /** @param clockMillis the time in milliseconds, from any origin; tests pass a manual clock */
    public LatencyFaultStrategy(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageQueue selectQueue(List<MessageQueue> queues, String lastFailedBroker) {
        int size = queues.size();
        int start = cursor.next(queues.get(0).topic(), size);
        long now = clockMillis.getAsLong();
        MessageQueue available = null;
        MessageQueue soonest = null;
        long soonestTime = Long.MAX_VALUE;
        boolean soonestFailedLast = true;
        for (int i = 0; i < size; i++) {
            MessageQueue queue = queues.get((start + i) % size);
            String broker = queue.brokerName();
            boolean failedLast = broker.equals(lastFailedBroker);
            long from = availableFrom.getOrDefault(broker, Long.MIN_VALUE);
            if (from <= now) {
                if (!failedLast) {
                    return queue;
                }
                if (available == null) {
                    available = queue;
                }
            } else if (soonest == null || (soonestFailedLast && !failedLast)
                    || (soonestFailedLast == failedLast && from < soonestTime)) {
                soonest = queue;
                soonestTime = from;
                soonestFailedLast = failedLast;
            }
        }
        if (available != null && (soonest == null || soonestFailedLast)) {
            return available;
        }
        // Only the broker that just failed is available, or nothing is: a broker that is merely
        // avoided beats repeating the failure, and among avoided ones the nearest end of avoidance wins.
        return soonest != null ? soonest : queues.get(start);
    }

    @Override
    public void onSendResult(String brokerName, long latencyMillis, boolean failed) {
        long duration = unavailableFor(failed ? FAILURE_LATENCY_MILLIS : latencyMillis);
        if (duration == 0) {
            availableFrom.remove(brokerName);
        } else {
            availableFrom.put(brokerName, clockMillis.getAsLong() + duration);
        }
    }

    @Override
    public boolean isAvailable(String brokerName) {
        Long from = availableFrom.get(brokerName);
        return from == null || from <= clockMillis.getAsLong();
    }

    /** How long a broker is avoided after an attempt that took {@code latencyMillis}. */
    static long unavailableFor(long latencyMillis) {
        for (int i = LATENCY_AT_LEAST.length - 1; i >= 0; i--) {
            if (latencyMillis >= LATENCY_AT_LEAST[i]) {
                return UNAVAILABLE_FOR[i];
            }
        }
        return 0;
    }
}

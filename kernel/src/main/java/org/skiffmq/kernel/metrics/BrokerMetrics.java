package org.skiffmq.kernel.metrics;

/**
 * What the broker records as it works, for its metrics. Every method is on a hot path (a send, a
 * pull, a hook call, an answer): implementations keep it to a map lookup and an add. {@link #NONE}
 * records nothing, for a broker with metrics off.
 */
public interface BrokerMetrics {
    BrokerMetrics NONE = new BrokerMetrics() {
    };

    /** {@code count} messages of {@code topic} were stored by a send, {@code bodyBytes} of bodies in all. */
    default void messagesIn(String topic, MessageType type, int count, long bodyBytes) {
    }

    /** {@code count} messages of {@code topic}, {@code bytes} in all, were handed to {@code group} by a pull. */
    default void messagesOut(String topic, String group, int count, long bytes) {
    }

    /** A send hook's {@code before} or {@code after} ran for {@code nanos}, and threw when {@code failed}. */
    default void hookCalled(String hook, HookStage stage, long nanos, boolean failed) {
    }

    /**
     * A request of {@code requestCode} was answered {@code responseCode} after {@code nanos}; the
     * broker held it first when {@code longPolled}.
     */
    default void answered(int requestCode, int responseCode, boolean longPolled, long nanos) {
    }

    /** Each send hook's figures so far, by hook name; empty when nothing is recorded. */
    default java.util.Map<String, HookFigures> hookFigures() {
        return java.util.Map.of();
    }

    /** Which side of the store a hook ran on. */
    enum HookStage {
        BEFORE, AFTER;

        String label() {
            return this == BEFORE ? "before" : "after";
        }
    }

    /**
     * A send hook's calls (both sides), the calls that threw, and the 99th percentile of a call's
     * time in milliseconds (the upper bound of the histogram bucket it falls in; 0 before any call).
     */
    record HookFigures(long calls, long failures, double p99Millis) {
    }
}

package org.skiffmq.api.hook;

/**
 * Runs before and after each send, on the broker (around the store) and in the client (around
 * each attempt). Found by {@link #name()}, which configuration lists in run order. Called from
 * many threads at once: keep state thread-safe, and keep {@code before} short, it is on the send
 * path. A hook that takes settings also implements {@link org.skiffmq.api.settings.Configurable};
 * one that holds a file or a thread implements {@link AutoCloseable}, and the broker closes it
 * at shutdown, after the last send.
 */
public interface SendHook {

    /** The stable name configuration uses for this hook, e.g. {@code require-keys}. */
    String name();

    /**
     * Before the message is stored (broker) or sent (client). May change the message's
     * properties. Throw {@link SendRejectedException} to refuse the message: the producer gets
     * its code and remark, and later hooks and the store do not run.
     */
    default void before(SendContext context) throws SendRejectedException {
    }

    /**
     * After the store (broker) or the broker's answer (client), successful or not: see
     * {@link SendContext#succeeded()}. Exceptions thrown here are logged, never sent to the producer.
     */
    default void after(SendContext context) {
    }
}

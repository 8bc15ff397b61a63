package org.skiffmq.kernel.broker.send;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.hook.SendHook;

/**
 * One version of the send hooks, in order. A send takes the chain current when it starts and
 * keeps it to the end (hooks before and after), so a swap never splits a send between two
 * versions. Once replaced, the chain is retired and {@link #drained()} completes when the last
 * send that holds it has finished; only then may hooks it alone held be closed.
 */
public final class HookChain {
    private final List<SendHook> hooks;
    private final long version;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean retired;

    HookChain(List<SendHook> hooks, long version) {
        this.hooks = List.copyOf(hooks);
        this.version = version;
    }

    public List<SendHook> hooks() {
        return hooks;
    }

    public long version() {
        return version;
    }

    /** Completes once this chain is retired and no send holds it any more. */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    void enter() {
        inFlight.incrementAndGet();
    }

    void exit() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            drained.complete(null);
        }
    }

    void retire() {
        retired = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
    }
}

package org.skiffmq.kernel.broker.send;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.metrics.BrokerMetrics;

/**
 * Stage 4: the configured send hooks' {@code before}, in configuration order, for every message.
 * A hook's refusal answers the producer; a hook that throws anything else fails the send with
 * SYSTEM_ERROR naming the hook, and the connection stays up.
 */
final class HooksBeforeStage implements SendStage {
    private final ActiveHooks activeHooks;

    HooksBeforeStage(ActiveHooks activeHooks) {
        this.activeHooks = activeHooks;
    }

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        for (SendContext context : exchange.contexts()) {
            for (SendHook hook : exchange.hooks().hooks()) {
                BrokerMetrics metrics = activeHooks.metrics();
                long start = metrics == BrokerMetrics.NONE ? 0 : System.nanoTime();
                try {
                    hook.before(context);
                    if (start != 0) {
                        metrics.hookCalled(hook.name(), BrokerMetrics.HookStage.BEFORE, System.nanoTime() - start, false);
                    }
                } catch (SendRejectedException e) {
                    if (start != 0) {
                        // A refusal is the hook doing its job, not a failure.
                        metrics.hookCalled(hook.name(), BrokerMetrics.HookStage.BEFORE, System.nanoTime() - start, false);
                    }
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    if (start != 0) {
                        metrics.hookCalled(hook.name(), BrokerMetrics.HookStage.BEFORE, System.nanoTime() - start, true);
                    }
                    // LinkageError too: a plugin reaching a class it may not see fails its send, not the broker.
                    activeHooks.failed(hook, e);
                    throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, "Send hook '" + hook.name()
                            + "' failed: " + e + "; the message was not stored");
                }
            }
        }
    }
}

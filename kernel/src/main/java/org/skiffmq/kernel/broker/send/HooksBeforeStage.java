package org.skiffmq.kernel.broker.send;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.remoting.ResponseCode;

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
                try {
                    hook.before(context);
                } catch (SendRejectedException e) {
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    // LinkageError too: a plugin reaching a class it may not see fails its send, not the broker.
                    activeHooks.failed(hook, e);
                    throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, "Send hook '" + hook.name()
                            + "' failed: " + e + "; the message was not stored");
                }
            }
        }
    }
}

package org.skiffmq.kernel.broker.send;

import java.util.List;
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
    private final List<SendHook> hooks;

    HooksBeforeStage(List<SendHook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    @Override
    public void apply(SendExchange exchange) throws SendRejectedException {
        for (SendContext context : exchange.contexts()) {
            for (SendHook hook : hooks) {
                try {
                    hook.before(context);
                } catch (SendRejectedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new SendRejectedException(ResponseCode.SYSTEM_ERROR, "Send hook '" + hook.name()
                            + "' failed: " + e);
                }
            }
        }
    }
}

package org.skiffmq.kernel.broker.send;

import java.util.List;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.message.MessageIds;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.metrics.BrokerMetrics;

/**
 * Stage 6: records the store's outcome in each message's context and runs the hooks' {@code after}.
 * A hook that throws here is counted and logged; the producer's answer is already decided.
 */
final class HooksAfterStage {
    private final ActiveHooks activeHooks;
    private final BrokerIdentity identity;

    HooksAfterStage(ActiveHooks activeHooks, BrokerIdentity identity) {
        this.activeHooks = activeHooks;
        this.identity = identity;
    }

    void apply(SendExchange exchange) {
        List<SendHook> hooks = exchange.hooks().hooks();
        if (hooks.isEmpty()) {
            return;
        }
        PutResult result = exchange.putResult();
        List<SendContext> contexts = exchange.contexts();
        for (int i = 0; i < contexts.size(); i++) {
            SendContext context = contexts.get(i);
            if (result.isOk()) {
                context.complete(MessageIds.offsetMsgId(identity.storeHost(), result.physicalOffsets()[i]),
                        exchange.queueId(), result.queueOffset() + i);
            } else {
                context.fail(new IllegalStateException(result.status() + ": " + result.detail()));
            }
            BrokerMetrics metrics = activeHooks.metrics();
            for (SendHook hook : hooks) {
                long start = metrics == BrokerMetrics.NONE ? 0 : System.nanoTime();
                boolean failed = false;
                try {
                    hook.after(context);
                } catch (RuntimeException | LinkageError e) {
                    failed = true;
                    activeHooks.failed(hook, e);
                }
                if (start != 0) {
                    metrics.hookCalled(hook.name(), BrokerMetrics.HookStage.AFTER, System.nanoTime() - start, failed);
                }
            }
        }
    }
}

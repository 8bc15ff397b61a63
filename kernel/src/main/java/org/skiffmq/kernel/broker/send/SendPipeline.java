package org.skiffmq.kernel.broker.send;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;

/**
 * The broker's send processor (codes 10, 310, 320), as a pipeline of small stages:
 *
 * <pre>
 *   parse header → validate → build messages → hooks before → retry/delay → store → hooks after → response
 * </pre>
 *
 * The stages before the store run on the send executor; the rest runs when the store's future
 * completes (at once under async flush, after the group commit under sync flush), so no thread
 * waits for a disk.
 */
public final class SendPipeline implements RequestProcessor {
    private final List<SendStage> beforeStore;
    private final StoreStage store;
    private final HooksAfterStage hooksAfter;
    private final SendResponder responder;
    private final ActiveHooks activeHooks;

    public SendPipeline(TopicConfigTable topics, BrokerIdentity identity, MessageStore messageStore,
            ActiveHooks activeHooks, int maxMessageSize, DelayLevels delayLevels) {
        this.activeHooks = activeHooks;
        this.beforeStore = List.of(
                new ParseHeaderStage(),
                new ValidateStage(topics, identity.brokerName(), maxMessageSize),
                new BuildMessagesStage(identity),
                new HooksBeforeStage(activeHooks),
                new RetryAndDelayStage(topics, delayLevels));
        this.store = new StoreStage(messageStore);
        this.hooksAfter = new HooksAfterStage(activeHooks, identity);
        this.responder = new SendResponder(identity);
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        HookChain hooks = activeHooks.acquire();
        boolean handedOver = false;
        try {
            SendExchange exchange = new SendExchange(channel, request, hooks);
            for (SendStage stage : beforeStore) {
                stage.apply(exchange);
            }
            CompletableFuture<PutResult> stored = store.apply(exchange);
            if (stored.isDone()) {
                return finish(exchange, stored.join());
            }
            handedOver = true;
            stored.thenAccept(result -> channel.writeResponse(request, finish(exchange, result)))
                    .whenComplete((ignored, error) -> activeHooks.release(hooks));
            return null;
        } catch (SendRejectedException e) {
            return responder.rejected(e);
        } finally {
            if (!handedOver) {
                activeHooks.release(hooks);
            }
        }
    }

    private RemotingCommand finish(SendExchange exchange, PutResult result) {
        exchange.setPutResult(result);
        hooksAfter.apply(exchange);
        return responder.stored(exchange);
    }
}

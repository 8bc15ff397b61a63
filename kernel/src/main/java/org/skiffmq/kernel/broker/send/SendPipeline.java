package org.skiffmq.kernel.broker.send;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.stats.BrokerStats;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's send processor (codes 10, 310, 320), as a pipeline of small stages:
 *
 * <pre>
 *   parse header → validate → build messages → hooks before → retry/delay → store → hooks after → response
 * </pre>
 *
 * The stages before the store run on the send executor. The rest runs on the same thread when the
 * store answers at once (async flush), and on the answer executor when it answers later (sync
 * flush): never on the store's group-commit thread, so a slow or failing hook cannot hold back
 * the next fsync. Every send is answered: a failure after the store becomes a SYSTEM_ERROR answer,
 * and a saturated answer executor gets the answer without the after-hooks rather than none.
 */
public final class SendPipeline implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SendPipeline.class);
    private final List<SendStage> beforeStore;
    private final StoreStage store;
    private final HooksAfterStage hooksAfter;
    private final SendResponder responder;
    private final ActiveHooks activeHooks;
    private final Executor answers;
    private final AtomicLong answeredWithoutHooks = new AtomicLong();

    /**
     * @param answers runs hooks after and the answer of sends the store completes later; pass a
     *                bounded pool of its own (a rejected task is answered on the completing thread)
     */
    public SendPipeline(TopicConfigTable topics, BrokerIdentity identity, MessageStore messageStore,
            ActiveHooks activeHooks, int maxMessageSize, DelayLevels delayLevels, Executor answers) {
        this(topics, identity, messageStore, activeHooks, maxMessageSize, delayLevels, answers, true,
                new BrokerStats(java.time.Clock.systemUTC()));
    }

    /**
     * @param transactions whether transactional sends are taken (stored as half messages) or refused
     * @param stats        counts the messages stored
     */
    public SendPipeline(TopicConfigTable topics, BrokerIdentity identity, MessageStore messageStore,
            ActiveHooks activeHooks, int maxMessageSize, DelayLevels delayLevels, Executor answers,
            boolean transactions, BrokerStats stats) {
        this.activeHooks = activeHooks;
        this.answers = answers;
        this.beforeStore = List.of(
                new ParseHeaderStage(),
                new ValidateStage(topics, identity.brokerName(), maxMessageSize, transactions),
                new BuildMessagesStage(identity),
                new HooksBeforeStage(activeHooks),
                new HalfMessageStage(),
                new RetryAndDelayStage(topics, delayLevels));
        this.store = new StoreStage(messageStore, stats);
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
            if (stored.isDone() && !stored.isCompletedExceptionally()) {
                // Async flush, the common case: answered on this thread, with no future chained per send.
                return finish(exchange, stored.join(), null, true);
            }
            handedOver = true;
            stored.whenComplete((result, error) -> answerLater(exchange, result, error));
            return null;
        } catch (SendRejectedException e) {
            return responder.rejected(e);
        } finally {
            if (!handedOver) {
                activeHooks.release(hooks);
            }
        }
    }

    /** Called on the thread that completed the store's future: hands the rest to the answer executor. */
    private void answerLater(SendExchange exchange, PutResult result, Throwable error) {
        try {
            answers.execute(() -> answer(exchange, finish(exchange, result, error, true)));
        } catch (RejectedExecutionException busy) {
            // Saturated or stopping. The store has decided; an answer without the after-hooks beats
            // none, which the producer would time out on and retry (storing the message twice).
            long n = answeredWithoutHooks.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("The send answer executor is saturated; {} sends so far answered without the hooks' after", n);
            }
            answer(exchange, finish(exchange, result, error, false));
        }
    }

    private void answer(SendExchange exchange, RemotingCommand response) {
        try {
            exchange.channel().writeResponse(exchange.request(), response);
        } catch (RuntimeException e) {
            LOG.warn("Could not write a send answer to {}: {}", exchange.channel().remoteAddressString(), e.toString());
        } finally {
            activeHooks.release(exchange.hooks());
        }
    }

    /**
     * Hooks after (unless skipped) and the answer; whatever fails in them becomes a SYSTEM_ERROR
     * answer naming it.
     */
    private RemotingCommand finish(SendExchange exchange, PutResult result, Throwable storeError, boolean runHooks) {
        if (storeError != null) {
            LOG.warn("The store failed a send: {}", storeError.toString());
            return responder.failed(null, storeError);
        }
        try {
            exchange.setPutResult(result);
            if (runHooks) {
                hooksAfter.apply(exchange);
            }
            return responder.stored(exchange);
        } catch (Throwable t) {
            // Anything a hook throws past HooksAfterStage (an Error) or the responder throws.
            LOG.warn("Answering a send failed after the store ({}): {}", result.status(), t.toString());
            return responder.failed(result, t);
        }
    }
}

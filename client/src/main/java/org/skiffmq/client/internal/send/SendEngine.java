package org.skiffmq.client.internal.send;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.InvalidMessageException;
import org.skiffmq.client.producer.MessageQueueSelector;
import org.skiffmq.client.producer.SendAttempt;
import org.skiffmq.client.producer.SendFailedException;
import org.skiffmq.client.producer.SendResult;

/**
 * A producer's send path: checks the message, then attempts it, queue by queue, as the fault
 * strategy (or the caller's selector) picks them, retrying where {@link RetryRules} allows while
 * the timeout lasts. Sync sends run on the caller's thread; async sends run their attempts on the
 * client instance's async threads. Thread-safe.
 */
public final class SendEngine {
    private final SendSettings settings;
    private final QueueChoice byFaultStrategy;

    public SendEngine(SendSettings settings) {
        this.settings = settings;
        this.byFaultStrategy = (info, lastFailed) -> {
            MessageQueue queue = settings.fault().selectQueue(info.queues(), lastFailed);
            return checked(queue, info.queues(), "fault strategy '" + settings.fault().name() + "'");
        };
    }

    public SendResult send(Message message, long timeoutMillis) throws ClientException, InterruptedException {
        MessageChecks.checkMessage(message, settings.maxBodySize());
        return run(new SendPlan(settings, Outgoing.single(message, settings.compressOver()), byFaultStrategy,
                1 + settings.retries(), timeoutMillis));
    }

    public SendResult sendBatch(Collection<Message> messages, long timeoutMillis)
            throws ClientException, InterruptedException {
        MessageChecks.checkBatch(messages, settings.maxBodySize());
        return run(new SendPlan(settings, Outgoing.batch(messages), byFaultStrategy, 1 + settings.retries(),
                timeoutMillis));
    }

    /** One attempt, on the queue the selector picks: moving an ordered message elsewhere would break its order. */
    public SendResult sendSelected(Message message, MessageQueueSelector selector, Object arg, long timeoutMillis)
            throws ClientException, InterruptedException {
        MessageChecks.checkMessage(message, settings.maxBodySize());
        QueueChoice bySelector = (info, lastFailed) -> checked(selector.select(info.queues(), message, arg),
                info.queues(), "the message queue selector");
        return run(new SendPlan(settings, Outgoing.single(message, settings.compressOver()), bySelector, 1,
                timeoutMillis));
    }

    /** The async form of {@link #send}: the future completes on an async thread of the client instance. */
    public CompletableFuture<SendResult> sendAsync(Message message, long timeoutMillis) {
        try {
            MessageChecks.checkMessage(message, settings.maxBodySize());
        } catch (InvalidMessageException e) {
            return CompletableFuture.failedFuture(e);
        }
        SendPlan plan = new SendPlan(settings, Outgoing.single(message, settings.compressOver()), byFaultStrategy,
                1 + settings.retries(), timeoutMillis);
        return new AsyncSend(plan).start();
    }

    /** Sends without waiting for the broker: returns once the request is written; never retried. */
    public void sendOneway(Message message, long timeoutMillis) throws ClientException, InterruptedException {
        MessageChecks.checkMessage(message, settings.maxBodySize());
        SendPlan plan = new SendPlan(settings, Outgoing.single(message, settings.compressOver()), byFaultStrategy, 1,
                timeoutMillis);
        Attempt attempt = plan.next();
        try {
            settings.instance().remoting().invokeOneway(attempt.address(), attempt.request(), timeoutMillis);
            attempt.written();
        } catch (RemotingException e) {
            SendAttempt failed = attempt.failed(e);
            throw new SendFailedException("One-way send to topic " + message.getTopic() + " failed (one-way sends"
                    + " are never retried)", List.of(failed), e);
        }
    }

    /** The writable queues of a topic, as sends pick from them. */
    public List<MessageQueue> publishQueues(String topic, long timeoutMillis)
            throws ClientException, InterruptedException {
        MessageChecks.checkTopic(topic);
        return settings.instance().routes().publishInfo(topic, timeoutMillis).queues();
    }

    private SendResult run(SendPlan plan) throws ClientException, InterruptedException {
        while (true) {
            Attempt attempt = plan.next();
            try {
                RemotingCommand response = settings.instance().remoting().invokeSync(attempt.address(),
                        attempt.request(), Math.max(1, plan.millisLeft()));
                return plan.succeeded(attempt.answered(response, plan.outgoing().msgId()));
            } catch (BrokerException e) {
                plan.failed(attempt.outcome());
            } catch (RemotingException e) {
                plan.failed(attempt.failed(e));
            }
        }
    }

    private static MessageQueue checked(MessageQueue queue, List<MessageQueue> queues, String who)
            throws ClientException {
        if (queue == null || !queues.contains(queue)) {
            throw new ClientException("The " + who + " picked " + queue + ", which is not one of the topic's writable"
                    + " queues " + queues);
        }
        return queue;
    }

    /** One async send: each attempt's answer continues on an async thread, which may start the next attempt. */
    private final class AsyncSend {
        private final SendPlan plan;
        private final CompletableFuture<SendResult> result = new CompletableFuture<>();

        AsyncSend(SendPlan plan) {
            this.plan = plan;
        }

        CompletableFuture<SendResult> start() {
            continueOnAsyncThread(this::attempt);
            return result;
        }

        private void attempt() {
            Attempt attempt;
            try {
                attempt = plan.next();
            } catch (ClientException e) {
                result.completeExceptionally(e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(new ClientException("The async send was interrupted", e));
                return;
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            settings.instance().remoting()
                    .invokeAsync(attempt.address(), attempt.request(), Math.max(1, plan.millisLeft()))
                    .whenComplete((response, failure) -> continueOnAsyncThread(() -> answered(attempt, response,
                            failure)));
        }

        private void answered(Attempt attempt, RemotingCommand response, Throwable failure) {
            try {
                if (failure != null) {
                    plan.failed(attempt.failed(unwrap(failure)));
                } else {
                    try {
                        result.complete(plan.succeeded(attempt.answered(response, plan.outgoing().msgId())));
                        return;
                    } catch (BrokerException e) {
                        plan.failed(attempt.outcome());
                    }
                }
            } catch (SendFailedException e) {
                result.completeExceptionally(e);
                return;
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            attempt();
        }

        /** Runs on an async thread; if none will take it, fails the send here rather than never ending it. */
        private void continueOnAsyncThread(Runnable step) {
            try {
                settings.instance().asyncExecutor().execute(step);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new ClientException("The async send to topic " + plan.outgoing().topic()
                        + " could not continue: the producer is shutting down or "
                        + "too many async sends are waiting; slow down or use sync sends", e));
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }
}

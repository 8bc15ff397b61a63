package org.skiffmq.client.internal.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.route.PublishInfo;
import org.skiffmq.client.producer.SendAttempt;
import org.skiffmq.client.producer.SendFailedException;
import org.skiffmq.client.producer.SendResult;

/**
 * The bookkeeping of one send across its attempts: the deadline, how many attempts are allowed,
 * which broker failed last, and every attempt made so far; it decides whether to try again and
 * words the final failure. Shared by the sync and async loops so both retry alike. Used by one
 * thread at a time.
 */
final class SendPlan {
    private final SendSettings settings;
    private final Outgoing outgoing;
    private final QueueChoice choice;
    private final int maxAttempts;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private final List<SendAttempt> attempts = new ArrayList<>(2);
    private String lastFailedBroker;
    private Throwable lastFailure;

    SendPlan(SendSettings settings, Outgoing outgoing, QueueChoice choice, int maxAttempts, long timeoutMillis) {
        this.settings = settings;
        this.outgoing = outgoing;
        this.choice = choice;
        this.maxAttempts = maxAttempts;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    Outgoing outgoing() {
        return outgoing;
    }

    long millisLeft() {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    /**
     * Starts the next attempt: finds the route, picks a queue, runs the before-hooks.
     *
     * @throws ClientException when there is no route, no time left, or a hook refused the message
     */
    Attempt next() throws ClientException, InterruptedException {
        long left = millisLeft();
        if (left <= 0) {
            throw outOfTime();
        }
        PublishInfo info = settings.instance().routes().publishInfo(outgoing.topic(), left);
        MessageQueue queue = choice.choose(info, lastFailedBroker);
        String address = info.brokerAddress(queue.brokerName());
        try {
            return Attempt.begin(settings, outgoing, queue, address, attempts.size() + 1);
        } catch (SendRejectedException e) {
            throw new SendFailedException("A client send hook refused the message to topic " + outgoing.topic()
                    + " (" + BrokerException.codeName(e.responseCode()) + "): " + e.getMessage(), attempts, e);
        }
    }

    SendResult succeeded(SendResult result) {
        attempts.addAll(result.attempts());
        return result.withAttempts(attempts);
    }

    /**
     * Records a failed attempt.
     *
     * @throws SendFailedException when the send should stop: the failure is not retryable, or no attempt or time is left
     */
    void failed(SendAttempt attempt) throws SendFailedException {
        attempts.add(attempt);
        lastFailure = attempt.failure();
        lastFailedBroker = attempt.queue().brokerName();
        if (!RetryRules.retryable(lastFailure)) {
            throw new SendFailedException("Send to topic " + outgoing.topic() + " failed and was not retried: "
                    + "another attempt would fail the same way", attempts, lastFailure);
        }
        if (attempts.size() >= maxAttempts) {
            throw new SendFailedException("Send to topic " + outgoing.topic() + " failed after " + attempts.size()
                    + (attempts.size() == 1 ? " attempt" : " attempts") + " (" + (maxAttempts - 1)
                    + " retries allowed)", attempts, lastFailure);
        }
        if (millisLeft() <= 0) {
            throw outOfTime();
        }
    }

    private SendFailedException outOfTime() {
        return new SendFailedException("Send to topic " + outgoing.topic() + " ran out of its " + timeoutMillis
                + " ms timeout after " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts"),
                attempts, lastFailure);
    }
}

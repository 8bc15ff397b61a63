package org.skiffmq.client.internal.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.InvalidMessageException;
import org.skiffmq.client.producer.SendAttempt;
import org.skiffmq.client.producer.SendResult;

/**
 * One try at a send, from the hooks before it to the hooks after it: runs the client send hooks'
 * {@code before}, builds the request, and when the answer (or the failure) is in, tells the fault
 * strategy how long it took and whether the broker failed, then runs the hooks' {@code after}.
 * Used by one thread at a time.
 */
final class Attempt {
    private final SendSettings settings;
    private final int number;
    private final MessageQueue queue;
    private final String address;
    private final List<SendContext> contexts;
    private final RemotingCommand request;
    private final long startNanos;
    private SendAttempt outcome;

    private Attempt(SendSettings settings, int number, MessageQueue queue, String address,
            List<SendContext> contexts, RemotingCommand request) {
        this.settings = settings;
        this.number = number;
        this.queue = queue;
        this.address = address;
        this.contexts = contexts;
        this.request = request;
        this.startNanos = System.nanoTime();
    }

    /**
     * Runs the before-hooks and builds the request for {@code queue} at {@code address}.
     *
     * @throws SendRejectedException  a client send hook refused the message
     * @throws InvalidMessageException the message cannot be encoded within the limits
     */
    static Attempt begin(SendSettings settings, Outgoing outgoing, MessageQueue queue, String address, int number)
            throws SendRejectedException, InvalidMessageException {
        List<SendContext> contexts = new ArrayList<>(outgoing.messages().size());
        for (Message message : outgoing.messages()) {
            SendContext context = new SendContext(SendContext.Side.CLIENT, settings.group(), message,
                    queue.brokerName(), address, null, queue.queueId());
            settings.hooks().before(context);
            contexts.add(context);
        }
        return new Attempt(settings, number, queue, address, contexts,
                outgoing.request(settings.group(), queue, settings.maxBodySize()));
    }

    RemotingCommand request() {
        return request;
    }

    String address() {
        return address;
    }

    MessageQueue queue() {
        return queue;
    }

    /**
     * Reads the broker's answer.
     *
     * @throws BrokerException the broker refused the message; the failure is already recorded in {@link #outcome()}
     */
    SendResult answered(RemotingCommand response, String msgId) throws BrokerException {
        SendResult result;
        try {
            result = SendResponses.read(response, queue, address, msgId);
        } catch (BrokerException e) {
            failed(e);
            throw e;
        }
        long latency = latencyMillis();
        settings.fault().onSendResult(queue.brokerName(), latency, false);
        String[] offsetIds = result.offsetMsgId() == null ? new String[0] : result.offsetMsgId().split(",");
        for (int i = 0; i < contexts.size(); i++) {
            contexts.get(i).complete(offsetIds.length == contexts.size() ? offsetIds[i] : result.offsetMsgId(),
                    result.messageQueue().queueId(), result.queueOffset() < 0 ? -1 : result.queueOffset() + i);
            settings.hooks().after(contexts.get(i));
        }
        return result.withAttempts(List.of(new SendAttempt(number, queue, address, latency, null)));
    }

    /** A one-way request left without error: there is no answer to read. */
    SendAttempt written() {
        long latency = latencyMillis();
        settings.fault().onSendResult(queue.brokerName(), latency, false);
        for (SendContext context : contexts) {
            context.complete(null, queue.queueId(), -1);
            settings.hooks().after(context);
        }
        return new SendAttempt(number, queue, address, latency, null);
    }

    /** Records a failure: the fault strategy hears of it when the broker is to blame, the hooks always. */
    SendAttempt failed(Throwable failure) {
        long latency = latencyMillis();
        settings.fault().onSendResult(queue.brokerName(), latency, RetryRules.retryable(failure));
        for (SendContext context : contexts) {
            context.fail(failure);
            settings.hooks().after(context);
        }
        outcome = new SendAttempt(number, queue, address, latency, failure);
        return outcome;
    }

    /** How the attempt ended, once it has; null before. */
    SendAttempt outcome() {
        return outcome;
    }

    private long latencyMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

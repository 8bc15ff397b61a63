package org.skiffmq.kernel.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.hook.SendMessageContext;
import org.apache.rocketmq.client.hook.SendMessageHook;
import org.apache.rocketmq.common.message.MessageConst;

/**
 * What the producers of a crash test were told: every SEND_OK with its message id, queue, queue
 * offset and body, and how many times each message went on the wire (the official client retries
 * a send whose answer did not come, under the same message id). Thread-safe.
 */
final class SendLedger implements SendMessageHook {

    /** A send the broker acknowledged with SEND_OK. */
    record Ack(String msgId, int queueId, long queueOffset, byte[] body) {
    }

    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<Ack> acks = new ArrayList<>();

    /** The client calls this before each attempt, retries included, with the message id already set. */
    @Override
    public void sendMessageBefore(SendMessageContext context) {
        String id = context.getMessage().getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        bodies.putIfAbsent(id, context.getMessage().getBody());
        attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void sendMessageAfter(SendMessageContext context) {
    }

    @Override
    public String hookName() {
        return "skiff-crash-ledger";
    }

    synchronized void acked(Ack ack) {
        acks.add(ack);
    }

    synchronized List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    /** The body sent under this id, or null when no test producer sent it. */
    byte[] body(String msgId) {
        return bodies.get(msgId);
    }

    /** How many times the message went on the wire: the most copies the broker may hold. */
    int attempts(String msgId) {
        AtomicInteger n = attempts.get(msgId);
        return n == null ? 0 : n.get();
    }

    int totalAttempts() {
        return attempts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int messagesSent() {
        return attempts.size();
    }
}

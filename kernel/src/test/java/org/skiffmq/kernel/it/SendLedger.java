package org.skiffmq.kernel.it;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    record Ack(String msgId, int queueId, long queueOffset, long bodyDigest) {
    }

    /** One message id: its body's digest and how many times it went on the wire. */
    private record Sent(long bodyDigest, AtomicInteger attempts) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<Ack> acks = new ArrayList<>();

    /**
     * 64 bits of the body's SHA-256. A long run sends millions of messages; keeping digests instead
     * of bodies keeps the ledger to about a hundred bytes a message.
     */
    static long digest(byte[] body) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(body)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The client calls this before each attempt, retries included, with the message id already set. */
    @Override
    public void sendMessageBefore(SendMessageContext context) {
        String id = context.getMessage().getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        sent.computeIfAbsent(id, k -> new Sent(digest(context.getMessage().getBody()), new AtomicInteger()))
                .attempts().incrementAndGet();
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

    /** Whether a test producer sent this id. */
    boolean wasSent(String msgId) {
        return sent.containsKey(msgId);
    }

    /** The digest of the body sent under this id; the id must have been sent. */
    long bodyDigest(String msgId) {
        return sent.get(msgId).bodyDigest();
    }

    /** How many times the message went on the wire: the most copies the broker may hold. */
    int attempts(String msgId) {
        Sent s = sent.get(msgId);
        return s == null ? 0 : s.attempts().get();
    }

    int totalAttempts() {
        return sent.values().stream().mapToInt(s -> s.attempts().get()).sum();
    }

    int messagesSent() {
        return sent.size();
    }
}

package org.skiffmq.api.hook;

import java.util.HashMap;
import java.util.Map;
import org.skiffmq.api.message.Message;

/**
 * What a {@link SendHook} sees of one send: the message, where it goes, and (after) how it went.
 * Built by the broker's pipeline or the client's send path; one context per send (broker) or per
 * attempt (client), used by one thread at a time.
 */
public final class SendContext {

    /** Where the hook runs. */
    public enum Side { BROKER, CLIENT }

    private final Side side;
    private final String producerGroup;
    private final Message message;
    private final String brokerName;
    private final String brokerAddress;
    private final String clientAddress;
    private int queueId;
    private boolean succeeded;
    private String msgId;
    private long queueOffset = -1;
    private Throwable error;
    private Map<String, Object> attributes;

    public SendContext(Side side, String producerGroup, Message message, String brokerName, String brokerAddress,
            String clientAddress, int queueId) {
        this.side = side;
        this.producerGroup = producerGroup;
        this.message = message;
        this.brokerName = brokerName;
        this.brokerAddress = brokerAddress;
        this.clientAddress = clientAddress;
        this.queueId = queueId;
    }

    public Side side() {
        return side;
    }

    public String producerGroup() {
        return producerGroup;
    }

    /** The message; hooks may change its properties in {@code before}. */
    public Message message() {
        return message;
    }

    public String topic() {
        return message.getTopic();
    }

    public String brokerName() {
        return brokerName;
    }

    public String brokerAddress() {
        return brokerAddress;
    }

    /** The producer's address as the broker sees it (broker side), or null. */
    public String clientAddress() {
        return clientAddress;
    }

    public int queueId() {
        return queueId;
    }

    public void setQueueId(int queueId) {
        this.queueId = queueId;
    }

    /** After: whether the message was stored (broker) or acknowledged (client). */
    public boolean succeeded() {
        return succeeded;
    }

    /** After: the offset message id of the stored message, or null. */
    public String msgId() {
        return msgId;
    }

    /** After: the queue offset the message got, or -1. */
    public long queueOffset() {
        return queueOffset;
    }

    /** After: why the send failed, or null. */
    public Throwable error() {
        return error;
    }

    /** Records a success; called by the send path before the after-hooks run. */
    public void complete(String msgId, int queueId, long queueOffset) {
        this.succeeded = true;
        this.msgId = msgId;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
    }

    /** Records a failure; called by the send path before the after-hooks run. */
    public void fail(Throwable error) {
        this.succeeded = false;
        this.error = error;
    }

    /** Per-send scratch space, so a hook can pass something from {@code before} to {@code after}. */
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }
}

package org.skiffmq.client.internal.send;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.message.UniqueKeys;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.client.InvalidMessageException;

/**
 * What one send carries: a message, or a batch of messages for one topic, each with its
 * UNIQ_KEY set (once, so every retry sends the same id). A single body at or above the
 * compression threshold is compressed once, here; properties are encoded per attempt, after
 * the client send hooks had their say.
 */
final class Outgoing {
    private final String topic;
    private final List<Message> messages;
    private final boolean batch;
    private final String msgId;
    private final byte[] body;
    private final int sysFlag;

    private Outgoing(String topic, List<Message> messages, boolean batch, byte[] body, int sysFlag) {
        this.topic = topic;
        this.messages = messages;
        this.batch = batch;
        this.body = body;
        this.sysFlag = sysFlag;
        List<String> ids = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (message.getUniqKey() == null) {
                message.putProperty(MessageProperties.UNIQ_KEY, UniqueKeys.next());
            }
            ids.add(message.getUniqKey());
        }
        this.msgId = String.join(",", ids);
    }

    static Outgoing single(Message message, int compressOver) {
        byte[] body = message.getBody();
        // As RocketMQ's client: a message marked TRAN_MSG is sent as a prepared (half) message.
        int transaction = "true".equals(message.getProperty(MessageProperties.TRAN_MSG))
                ? MessageSysFlag.TRANSACTION_PREPARED : 0;
        if (body.length >= compressOver) {
            return new Outgoing(message.getTopic(), List.of(message), false, BodyCompression.zlib(body),
                    BodyCompression.ZLIB_SYS_FLAG | transaction);
        }
        return new Outgoing(message.getTopic(), List.of(message), false, body, transaction);
    }

    /** A batch (never compressed, as in RocketMQ); the messages must have passed the batch checks. */
    static Outgoing batch(Collection<Message> messages) {
        List<Message> list = List.copyOf(messages);
        return new Outgoing(list.get(0).getTopic(), list, true, null, 0);
    }

    String topic() {
        return topic;
    }

    List<Message> messages() {
        return messages;
    }

    /** The first (for a batch: any) message, for selectors. */
    Message first() {
        return messages.get(0);
    }

    /** UNIQ_KEY, or for a batch the keys joined by commas: the SendResult's msgId. */
    String msgId() {
        return msgId;
    }

    /** The request for one attempt to {@code queue}. */
    RemotingCommand request(String group, MessageQueue queue, int maxBodySize) throws InvalidMessageException {
        if (!batch) {
            return SendRequests.message(group, messages.get(0), queue, sysFlag, body);
        }
        byte[] batchBody;
        try {
            batchBody = BatchBody.encode(messages);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("The batch cannot be encoded: " + e.getMessage());
        }
        if (batchBody.length > maxBodySize) {
            throw new InvalidMessageException("The batch encodes to " + batchBody.length + " bytes; the producer allows"
                    + " at most " + maxBodySize + " (maxMessageSize). Split it into smaller batches");
        }
        return SendRequests.batch(group, queue, batchBody);
    }
}

package org.skiffmq.kernel.broker.admin;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.IndexQueryResult;
import org.skiffmq.api.store.MessageIndex;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;

/**
 * QUERY_MESSAGE (12): the messages of a topic carrying a key, or with a unique key (the message id
 * a send returned; the client then sets {@code _UNIQUE_KEY_QUERY}), stored in a time range, found
 * through the store's {@link MessageIndex}. The body is their stored records back to back, as
 * RocketMQ sends them; the client checks each one's key itself.
 *
 * <p>A store engine without an index is answered with an error saying so, never "not found".
 */
public final class MessageQueryProcessor {
    /** RocketMQ's cap on one query's messages (maxMsgsNumBatch). */
    static final int MAX_MESSAGES = 64;
    /** What RocketMQ answers a unique-key query with at most (defaultQueryMaxNum). */
    static final int UNIQUE_KEY_MAX_MESSAGES = 32;
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";

    private final MessageStore store;
    private final TopicConfigTable topics;
    private final BrokerIdentity identity;
    private final String engine;

    public MessageQueryProcessor(MessageStore store, TopicConfigTable topics, BrokerIdentity identity, String engine) {
        this.store = store;
        this.topics = topics;
        this.identity = identity;
        this.engine = engine;
    }

    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        String key = request.requiredExt("key");
        int maxNum = request.requiredIntExt("maxNum");
        long begin = request.requiredLongExt("beginTimestamp");
        long end = request.requiredLongExt("endTimestamp");
        if ("true".equals(request.ext(UNIQUE_KEY_QUERY))) {
            maxNum = UNIQUE_KEY_MAX_MESSAGES;
        }
        String problem = problem(topic, key, maxNum, begin, end);
        if (problem != null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, problem);
        }
        Optional<MessageIndex> index = store.index();
        if (index.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "broker " + identity.brokerName()
                    + " cannot look messages up by key: its store engine '" + engine + "' keeps no message index"
                    + " (view a message by its offset id instead, or use a store with an index)");
        }
        if (topics.get(topic) == null && store.queueIds(topic).isEmpty()) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on broker "
                    + identity.brokerName());
        }
        IndexQueryResult result = index.get().query(topic, key, Math.min(maxNum, MAX_MESSAGES), begin, end);
        RemotingCommand response = result.messages().isEmpty()
                ? RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "no message of topic " + topic
                        + " with key " + key + " stored between " + begin + " and " + end + " on broker "
                        + identity.brokerName())
                : RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.putExt("indexLastUpdateTimestamp", result.lastUpdateTimestamp());
        response.putExt("indexLastUpdatePhyoffset", result.lastUpdatePhysicalOffset());
        if (!result.messages().isEmpty()) {
            response.setBody(encode(result.messages()));
        }
        return response;
    }

    /** What is wrong with the query's values, in words, or null. */
    private static String problem(String topic, String key, int maxNum, long begin, long end) {
        if (topic.isBlank() || key.isBlank()) {
            return "QUERY_MESSAGE needs a topic and a key; got topic '" + topic + "' and key '" + key + "'";
        }
        if (maxNum < 1) {
            return "maxNum must be at least 1; was " + maxNum;
        }
        if (begin < 0 || end < begin) {
            return "the time range is not a range: beginTimestamp " + begin + ", endTimestamp " + end
                    + " (milliseconds since the epoch, begin at most end)";
        }
        return null;
    }

    /** Stored messages as the records RocketMQ's client decodes, back to back. */
    static byte[] encode(List<StoredMessage> messages) {
        StoredMessageCodec.Prepared[] prepared = new StoredMessageCodec.Prepared[messages.size()];
        int total = 0;
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = StoredMessageCodec.prepare(messages.get(i));
            total += prepared[i].totalSize();
        }
        ByteBuffer body = ByteBuffer.allocate(total);
        for (int i = 0; i < prepared.length; i++) {
            StoredMessage m = messages.get(i);
            StoredMessageCodec.write(body, prepared[i], m.getQueueOffset(), m.getPhysicalOffset(), m.getStoreTimestamp());
        }
        return body.array();
    }
}

package org.skiffmq.kernel.broker.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.TopicConfig;

/**
 * What {@code mqadmin} and the Dashboard ask about consumers beyond their progress:
 * QUERY_TOPIC_CONSUME_BY_WHO (300), the groups consuming a topic; QUERY_CONSUME_TIME_SPAN (303),
 * per queue the store times of the first, last and last consumed message; and
 * GET_CONSUMER_RUNNING_INFO (307), which the broker asks the consumer itself over its connection
 * and relays.
 */
public final class ConsumerAdminProcessors {
    static final long CALL_CONSUMER_TIMEOUT_MILLIS = 5000;

    private final MessageStore store;
    private final TopicConfigTable topics;
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final BrokerIdentity identity;

    public ConsumerAdminProcessors(MessageStore store, TopicConfigTable topics, ClientRegistry clients,
            ConsumerOffsetTable offsets, BrokerIdentity identity) {
        this.store = store;
        this.topics = topics;
        this.clients = clients;
        this.offsets = offsets;
        this.identity = identity;
    }

    record GroupList(Set<String> groupList) {
    }

    record QueueTimeSpan(AdminBodies.Queue messageQueue, long minTimeStamp, long maxTimeStamp, long consumeTimeStamp,
            long delayTime) {
    }

    record ConsumeTimeSpans(List<QueueTimeSpan> consumeTimeSpanSet) {
    }

    /** QUERY_TOPIC_CONSUME_BY_WHO (300): groups online and subscribed to the topic, or with offsets in it. */
    public RemotingCommand topicConsumedBy(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        Set<String> groups = new TreeSet<>();
        for (String group : clients.consumerGroups()) {
            if (clients.subscription(group, topic) != null) {
                groups.add(group);
            }
        }
        for (String group : offsets.groups()) {
            if (offsets.topics(group).contains(topic)) {
                groups.add(group);
            }
        }
        return ok(Json.toBytes(new GroupList(groups)));
    }

    /**
     * QUERY_CONSUME_TIME_SPAN (303): per queue of the topic, when its first and last message were
     * stored, when the last one the group consumed was, and how long the next one has waited.
     */
    public RemotingCommand consumeTimeSpan(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        String group = request.requiredExt("group");
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on broker "
                    + identity.brokerName());
        }
        long now = System.currentTimeMillis();
        List<QueueTimeSpan> spans = new ArrayList<>();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            long min = store.minQueueOffset(topic, q);
            long max = store.maxQueueOffset(topic, q);
            long minTime = storeTimeAt(topic, q, min);
            long maxTime = max > min ? storeTimeAt(topic, q, max - 1) : 0;
            long consumed = offsets.query(group, topic, q);
            long consumeTime = consumed > min ? storeTimeAt(topic, q, consumed - 1) : minTime;
            long next = consumed >= 0 && consumed < max ? storeTimeAt(topic, q, Math.max(consumed, min)) : 0;
            long delay = next > 0 ? Math.max(0, now - next) : 0; // 0 too when that message is gone
            spans.add(new QueueTimeSpan(new AdminBodies.Queue(identity.brokerName(), q, topic), minTime, maxTime,
                    consumeTime, delay));
        }
        return ok(Json.toBytes(new ConsumeTimeSpans(spans)));
    }

    /**
     * GET_CONSUMER_RUNNING_INFO (307): asks the consumer (by group and client id) for its running
     * info over its own connection and relays the answer; a consumer that is not connected, or
     * does not answer in time, is answered SYSTEM_ERROR saying so.
     */
    public RemotingCommand consumerRunningInfo(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("consumerGroup");
        String clientId = request.requiredExt("clientId");
        RemotingChannel consumer = clients.consumers(group).stream()
                .filter(c -> c.client().clientId().equals(clientId)).map(c -> c.client().channel())
                .findFirst().orElse(null);
        if (consumer == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The consumer " + clientId + " of group " + group
                    + " is not connected to broker " + identity.brokerName());
        }
        RemotingCommand ask = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO);
        request.getExtFields().forEach(ask::putExt);
        // Answered when the consumer answers, so no admin thread waits on a client.
        consumer.invoke(ask, CALL_CONSUMER_TIMEOUT_MILLIS).whenComplete((answer, error) -> {
            RemotingCommand relayed;
            if (answer != null) {
                relayed = RemotingCommand.response(answer.getCode(), answer.getRemark());
                relayed.setBody(answer.getBody());
            } else {
                relayed = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The consumer " + clientId + " of group "
                        + group + " did not answer: " + error);
            }
            channel.writeResponse(request, relayed);
        });
        return null;
    }

    private long storeTimeAt(String topic, int queueId, long queueOffset) {
        return AdminReplies.storeTimeAt(store, topic, queueId, queueOffset);
    }

    private static RemotingCommand ok(byte[] body) {
        return AdminReplies.ok(body);
    }
}

package org.skiffmq.kernel.broker.admin;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.client.HeartbeatData;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.TopicConfig;

/**
 * The broker's side of what {@code mqadmin} and the Dashboard ask day to day, with RocketMQ's
 * codes and bodies: a topic's queue bounds (GET_TOPIC_STATS_INFO), a group's producers and
 * consumers (GET_PRODUCER_CONNECTION_LIST, GET_CONSUMER_CONNECTION_LIST), a group's progress
 * (GET_CONSUME_STATS), a message by its offset id (VIEW_MESSAGE_BY_ID) and topic deletion
 * (DELETE_TOPIC_IN_BROKER). Each missing or unknown name is answered with the code RocketMQ uses
 * and a remark naming it.
 */
public final class BrokerAdminProcessors {
    private final MessageStore store;
    private final TopicConfigTable topics;
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final BrokerIdentity identity;

    public BrokerAdminProcessors(MessageStore store, TopicConfigTable topics, ClientRegistry clients,
            ConsumerOffsetTable offsets, BrokerIdentity identity) {
        this.store = store;
        this.topics = topics;
        this.clients = clients;
        this.offsets = offsets;
        this.identity = identity;
    }

    /** GET_TOPIC_STATS_INFO (202): each queue's min and max offset and the store time of its last message. */
    public RemotingCommand topicStats(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return noSuchTopic(topic);
        }
        Map<AdminBodies.Queue, AdminBodies.TopicOffset> table = new HashMap<>();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            long min = store.minQueueOffset(topic, q);
            long max = store.maxQueueOffset(topic, q);
            long last = max > min ? storeTimeAt(topic, q, max - 1) : 0;
            table.put(new AdminBodies.Queue(identity.brokerName(), q, topic), new AdminBodies.TopicOffset(last, max, min));
        }
        return ok(AdminBodies.queueKeyed("offsetTable", table, Map.of()));
    }

    /**
     * GET_TOPIC_CONFIG (351): one topic's configuration (RocketMQ's tools ask before reading a
     * topic's stats, to learn of static queue mappings; SkiffMQ has none, so none is sent).
     */
    public RemotingCommand topicConfig(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return noSuchTopic(topic);
        }
        return ok(Json.toBytes(config));
    }

    /** GET_PRODUCER_CONNECTION_LIST (204): the connected producers of a group. */
    public RemotingCommand producerConnections(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("producerGroup");
        Set<AdminBodies.Connection> connections = new LinkedHashSet<>();
        for (ClientRegistry.ClientEntry p : clients.producers(group)) {
            connections.add(connection(p));
        }
        if (connections.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the producer group[" + group
                    + "] has no producer connected to broker " + identity.brokerName());
        }
        return ok(Json.toBytes(new AdminBodies.ProducerConnection(connections)));
    }

    /** GET_CONSUMER_CONNECTION_LIST (203): the connected consumers of a group and what they subscribe to. */
    public RemotingCommand consumerConnections(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("consumerGroup");
        var members = clients.consumers(group);
        if (members.isEmpty()) {
            return RemotingCommand.response(ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + group
                    + "] is not online on broker " + identity.brokerName());
        }
        Set<AdminBodies.Connection> connections = new LinkedHashSet<>();
        Map<String, Object> subscriptions = new LinkedHashMap<>();
        HeartbeatData.ConsumerData data = members.get(0).data();
        for (ClientRegistry.ConsumerEntry member : members) {
            connections.add(connection(member.client()));
            if (member.data().subscriptionDataSet() != null) {
                for (HeartbeatData.SubscriptionData s : member.data().subscriptionDataSet()) {
                    subscriptions.put(s.topic(), s);
                }
            }
        }
        return ok(Json.toBytes(new AdminBodies.ConsumerConnection(connections, subscriptions, data.consumeType(),
                data.messageModel(), data.consumeFromWhere())));
    }

    /**
     * GET_CONSUME_STATS (208): per queue of each topic the group consumes (or the one named), the
     * broker's max offset, the group's committed offset and the store time of the last message it
     * consumed.
     */
    public RemotingCommand consumeStats(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("consumerGroup");
        String only = request.ext("topic");
        Set<String> topicNames = new TreeSet<>();
        if (only != null && !only.isEmpty()) {
            topicNames.add(only);
        } else {
            topicNames.addAll(offsets.topics(group));
            for (ClientRegistry.ConsumerEntry member : clients.consumers(group)) {
                if (member.data().subscriptionDataSet() != null) {
                    member.data().subscriptionDataSet().forEach(s -> topicNames.add(s.topic()));
                }
            }
        }
        topicNames.removeIf(t -> topics.get(t) == null);
        if (topicNames.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "the consumer group[" + group
                    + "] consumes no topic on broker " + identity.brokerName()
                    + (only != null && !only.isEmpty() ? " (topic " + only + " does not exist here)" : ""));
        }
        Map<AdminBodies.Queue, AdminBodies.OffsetWrapper> table = new HashMap<>();
        for (String topic : topicNames) {
            TopicConfig config = topics.get(topic);
            for (int q = 0; q < config.writeQueueNums(); q++) {
                long brokerOffset = store.maxQueueOffset(topic, q);
                long consumerOffset = Math.max(0, offsets.query(group, topic, q));
                long last = consumerOffset > 0 && consumerOffset <= brokerOffset ? storeTimeAt(topic, q, consumerOffset - 1)
                        : 0;
                table.put(new AdminBodies.Queue(identity.brokerName(), q, topic),
                        new AdminBodies.OffsetWrapper(brokerOffset, consumerOffset, last, consumerOffset));
            }
        }
        return ok(AdminBodies.queueKeyed("offsetTable", table, Map.of("consumeTps", 0.0)));
    }

    /**
     * INVOKE_BROKER_TO_RESET_OFFSET (222): moves a group's offsets in a topic to the first message
     * stored at or after {@code timestamp} (-1: the end), or one queue to {@code offset}; without
     * {@code isForce} only backwards. The new offsets are committed, then every connected consumer
     * of the group is told (RESET_CONSUMER_CLIENT_OFFSET, one-way) and restarts from them. With no
     * consumer connected the answer is CONSUMER_NOT_ONLINE; the offsets are committed all the same
     * and a consumer that starts later begins there.
     */
    public RemotingCommand resetOffset(RemotingChannel channel, RemotingCommand request) {
        String topic = request.requiredExt("topic");
        String group = request.requiredExt("group");
        long timestamp = request.requiredLongExt("timestamp");
        boolean force = request.booleanExt("isForce", true);
        int onlyQueue = request.intExt("queueId", -1);
        long toOffset = request.longExt("offset", -1);
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return noSuchTopic(topic);
        }
        if (onlyQueue >= config.writeQueueNums()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "queueId " + onlyQueue + " is not a queue of "
                    + topic + " (it has " + config.writeQueueNums() + ")");
        }
        Map<AdminBodies.Queue, Long> table = new HashMap<>();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            if (onlyQueue >= 0 && q != onlyQueue) {
                continue;
            }
            long target = onlyQueue >= 0 && toOffset >= 0 ? Math.min(toOffset, store.maxQueueOffset(topic, q))
                    : timestamp < 0 ? store.maxQueueOffset(topic, q)
                    : store.queueOffsetByTime(topic, q, timestamp, BoundaryType.LOWER);
            long current = offsets.query(group, topic, q);
            long offset = force || current < 0 || target < current ? target : current;
            offsets.commit(group, topic, q, offset);
            table.put(new AdminBodies.Queue(identity.brokerName(), q, topic), offset);
        }
        byte[] body = AdminBodies.queueKeyed("offsetTable", table, Map.of());
        int told = 0;
        for (ClientRegistry.ConsumerEntry member : clients.consumers(group)) {
            RemotingChannel consumer = member.client().channel();
            if (consumer == null || !consumer.isActive()) {
                continue;
            }
            RemotingCommand reset = RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET)
                    .putExt("topic", topic).putExt("group", group).putExt("timestamp", timestamp).markOneway();
            reset.setBody(body);
            consumer.sendOneway(reset);
            told++;
        }
        RemotingCommand response = told > 0 ? RemotingCommand.response(ResponseCode.SUCCESS, null)
                : RemotingCommand.response(ResponseCode.CONSUMER_NOT_ONLINE, "the offsets of group " + group + " in "
                        + topic + " were reset, but no consumer of it is connected to tell; one that starts begins there");
        response.setBody(body);
        return response;
    }

    /** VIEW_MESSAGE_BY_ID (33): the record at a commit-log offset, as a PULL body holds it. */
    public RemotingCommand viewMessage(RemotingChannel channel, RemotingCommand request) {
        long offset = request.requiredLongExt("offset");
        StoredMessage m = store.readMessage(offset);
        if (m == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no message at commit-log offset " + offset
                    + " on broker " + identity.brokerName() + "; it was deleted by retention, or the id is wrong");
        }
        return ok(MessageQueryProcessor.encode(java.util.List.of(m)));
    }

    /** DELETE_TOPIC_IN_BROKER (215): the topic leaves this broker's table and its next registration. */
    public RemotingCommand deleteTopic(RemotingChannel channel, RemotingCommand request) throws IOException {
        String topic = request.requiredExt("topic");
        if (TopicNames.isNotSendable(topic) || TopicNames.AUTO_CREATE_TEMPLATE.equals(topic)) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "the system topic " + topic
                    + " cannot be deleted");
        }
        boolean had = topics.remove(topic);
        return RemotingCommand.response(ResponseCode.SUCCESS, had ? null : "topic " + topic
                + " was not on broker " + identity.brokerName());
    }

    private RemotingCommand noSuchTopic(String topic) {
        return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on broker "
                + identity.brokerName());
    }

    private long storeTimeAt(String topic, int queueId, long queueOffset) {
        return AdminReplies.storeTimeAt(store, topic, queueId, queueOffset);
    }

    private static AdminBodies.Connection connection(ClientRegistry.ClientEntry client) {
        return new AdminBodies.Connection(client.channel().remoteAddressString(), client.clientId(),
                client.language().name(), client.version());
    }

    private static RemotingCommand ok(byte[] body) {
        return AdminReplies.ok(body);
    }
}

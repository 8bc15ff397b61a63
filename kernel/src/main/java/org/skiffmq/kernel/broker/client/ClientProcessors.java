package org.skiffmq.kernel.broker.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.group.SubscriptionGroupConfig;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.Perm;

/**
 * HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP and CHECK_CLIENT_CONFIG: keep the
 * client registry current and tell consumer groups when their members change.
 */
public final class ClientProcessors {
    private final ClientRegistry registry;
    private final SubscriptionGroupTable groups;
    private final ConsumerIdsChangeNotifier notifier;
    private final TopicConfigTable topics;
    private final Runnable registerNow;

    /**
     * @param registerNow registers the broker with the name servers, synchronously: a group's new
     *                    retry topic must be routable before its members are told to rebalance
     */
    public ClientProcessors(ClientRegistry registry, ConsumerIdsChangeNotifier notifier, TopicConfigTable topics,
            SubscriptionGroupTable groups, Runnable registerNow) {
        this.groups = groups;
        this.registry = registry;
        this.notifier = notifier;
        this.topics = topics;
        this.registerNow = registerNow;
    }

    /**
     * HEART_BEAT: register the client's groups, create each consumer group's retry topic, and
     * notify groups that gained a member. The answer always carries ext fields.
     */
    public RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) throws IOException {
        HeartbeatData data = Json.fromBytes(request.getBody(), HeartbeatData.class);
        String problem = problem(data);
        if (problem != null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, problem).ensureExtFields();
        }
        boolean created = false;
        if (data.consumerDataSet() != null) {
            for (HeartbeatData.ConsumerData consumer : data.consumerDataSet()) {
                SubscriptionGroupConfig group = groups.ensure(consumer.groupName());
                String retryTopic = TopicNames.RETRY_PREFIX + consumer.groupName();
                if (topics.get(retryTopic) == null) {
                    topics.ensure(retryTopic, Math.max(1, group.retryQueueNums()), Perm.READ_WRITE);
                    created = true;
                }
            }
        }
        if (created) {
            registerNow.run();
        }
        Set<String> changed = registry.heartbeat(channel, request.getVersion(), request.getLanguage(), data);
        notifier.notifyGroups(changed);
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** What makes a heartbeat body unusable, or null; checked before anything is registered or created. */
    private static String problem(HeartbeatData data) {
        if (data.clientID() == null || data.clientID().isBlank()) {
            return "the heartbeat body has no clientID";
        }
        if (data.producerDataSet() != null
                && data.producerDataSet().stream().anyMatch(p -> p == null || p.groupName() == null)) {
            return "a producerDataSet entry of the heartbeat has no groupName";
        }
        if (data.consumerDataSet() != null) {
            for (HeartbeatData.ConsumerData c : data.consumerDataSet()) {
                if (c == null || c.groupName() == null || c.groupName().isBlank()) {
                    return "a consumerDataSet entry of the heartbeat has no groupName";
                }
                String bad = TopicNames.problem(TopicNames.RETRY_PREFIX + c.groupName());
                if (bad != null) {
                    return "consumer group '" + c.groupName() + "' cannot have a retry topic: " + bad;
                }
            }
        }
        return null;
    }

    /** UNREGISTER_CLIENT: one request per group the client leaves. */
    public RemotingCommand unregister(RemotingChannel channel, RemotingCommand request) {
        String clientId = request.requiredExt("clientID");
        registry.unregisterProducer(request.ext("producerGroup"), clientId);
        String consumerGroup = request.ext("consumerGroup");
        if (registry.unregisterConsumer(consumerGroup, clientId)) {
            notifier.notifyGroups(List.of(consumerGroup));
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** GET_CONSUMER_LIST_BY_GROUP: the group's client ids, which every member rebalances over. */
    public RemotingCommand consumerList(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("consumerGroup");
        List<String> ids = registry.consumerIds(group);
        if (ids.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group)
                    .ensureExtFields();
        }
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
        response.setBody(Json.toBytes(Map.of("consumerIdList", ids)));
        return response;
    }

    /** CHECK_CLIENT_CONFIG: sent only for SQL92 subscriptions, which SkiffMQ does not filter. */
    public RemotingCommand checkClientConfig(RemotingChannel channel, RemotingCommand request) {
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                "SQL92 filtering is not supported by SkiffMQ; subscribe with a tag expression such as 'TagA || TagB'");
    }
}

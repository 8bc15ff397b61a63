package org.skiffmq.kernel.access;

import static org.skiffmq.api.access.RequestAccess.Role.ADMIN;
import static org.skiffmq.api.access.RequestAccess.Role.BROKER;
import static org.skiffmq.api.access.RequestAccess.Role.MONITOR;
import static org.skiffmq.api.access.RequestAccess.Role.USER;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.skiffmq.api.access.RequestAccess;
import org.skiffmq.api.access.RequestAccess.Role;
import org.skiffmq.api.access.ResourceAccess;
import org.skiffmq.api.access.ResourceAccess.Permission;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.json.Json;

/**
 * The access rule of every request code the broker and the name server serve: the role it needs
 * and how to read the topics and groups it touches from its header or body. A code without a rule
 * is refused whether access control is on or not, so a processor added without one fails closed
 * (and {@code AccessRulesTest} fails on it).
 */
public final class AccessRules {
    /** LITE_PULL_MESSAGE: a pull with the lite consumer's flag; the same header as PULL_MESSAGE. */
    static final int LITE_PULL_MESSAGE = 361;

    private static final Map<Integer, Rule> RULES = new HashMap<>();

    static {
        Resources none = request -> List.of();
        // Producers.
        rule(RequestCode.SEND_MESSAGE, USER, request -> List.of(topic(required(request, "topic"), Permission.PUB)));
        rule(RequestCode.SEND_MESSAGE_V2, USER, request -> List.of(topic(required(request, "b"), Permission.PUB)));
        rule(RequestCode.SEND_BATCH_MESSAGE, USER, request -> List.of(topic(required(request, "b"), Permission.PUB)));
        // Ending a transaction commits or rolls back a half message its producer was allowed to send.
        rule(RequestCode.END_TRANSACTION, USER, none);
        // Consumers.
        Resources topicAndGroup = request -> List.of(topic(required(request, "topic"), Permission.SUB),
                ResourceAccess.group(required(request, "consumerGroup")));
        rule(RequestCode.PULL_MESSAGE, USER, topicAndGroup);
        rule(LITE_PULL_MESSAGE, USER, topicAndGroup);
        rule(RequestCode.QUERY_CONSUMER_OFFSET, USER, topicAndGroup);
        rule(RequestCode.UPDATE_CONSUMER_OFFSET, USER, topicAndGroup);
        Resources topicOnly = request -> List.of(topic(required(request, "topic"), Permission.SUB));
        rule(RequestCode.GET_MAX_OFFSET, USER, topicOnly);
        rule(RequestCode.GET_MIN_OFFSET, USER, topicOnly);
        rule(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, USER, topicOnly);
        rule(RequestCode.QUERY_MESSAGE, USER, topicOnly);
        rule(RequestCode.GET_CONSUMER_LIST_BY_GROUP, USER,
                request -> List.of(ResourceAccess.group(required(request, "consumerGroup"))));
        rule(RequestCode.CONSUMER_SEND_MSG_BACK, USER, request -> List.of(ResourceAccess.group(required(request, "group"))));
        rule(RequestCode.LOCK_BATCH_MQ, USER, AccessRules::lockBody);
        rule(RequestCode.UNLOCK_BATCH_MQ, USER, AccessRules::lockBody);
        // Both kinds of client.
        rule(RequestCode.HEART_BEAT, USER, AccessRules::heartbeatBody);
        rule(RequestCode.UNREGISTER_CLIENT, USER, request -> {
            String group = request.ext("consumerGroup");
            return group == null || group.isEmpty() ? List.of() : List.of(ResourceAccess.group(group));
        });
        rule(RequestCode.CHECK_CLIENT_CONFIG, USER, none); // always refused: SQL92 filters are not served
        rule(RequestCode.GET_ROUTEINFO_BY_TOPIC, USER, none);
        // Operators' reads.
        for (int code : List.of(RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.VIEW_BROKER_STATS_DATA,
                RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_TOPIC_CONFIG, RequestCode.GET_PRODUCER_CONNECTION_LIST,
                RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_CONSUME_STATS, RequestCode.VIEW_MESSAGE_BY_ID,
                RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, RequestCode.QUERY_CONSUME_TIME_SPAN,
                RequestCode.GET_CONSUMER_RUNNING_INFO, RequestCode.GET_BROKER_CONFIG,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, RequestCode.GET_ALL_TOPIC_CONFIG,
                RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                RequestCode.SKIFF_PLUGINS_LIST)) {
            rule(code, MONITOR, none);
        }
        // Brokers at the name server.
        rule(RequestCode.REGISTER_BROKER, BROKER, none);
        rule(RequestCode.UNREGISTER_BROKER, BROKER, none);
        // Changes.
        for (int code : List.of(RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
                RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.DELETE_SUBSCRIPTIONGROUP, RequestCode.UPDATE_BROKER_CONFIG,
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, RequestCode.SKIFF_PLUGINS_INSTALL,
                RequestCode.SKIFF_HOOKS_ENABLE, RequestCode.SKIFF_HOOKS_DISABLE, RequestCode.SKIFF_HOOKS_ORDER,
                RequestCode.SKIFF_PLUGINS_RELOAD, RequestCode.SKIFF_PLUGINS_LOAD)) {
            rule(code, ADMIN, none);
        }
    }

    private AccessRules() {
    }

    /** Whether {@code code} has a rule. */
    public static boolean has(int code) {
        return RULES.containsKey(code);
    }

    /** Every code with a rule. */
    public static Set<Integer> codes() {
        return Set.copyOf(RULES.keySet());
    }

    /** The role {@code code} needs, or null when it has no rule. */
    public static Role role(int code) {
        Rule rule = RULES.get(code);
        return rule == null ? null : rule.role();
    }

    /**
     * Classifies a request of a code that has a rule.
     *
     * @throws IllegalArgumentException naming what is missing or malformed in the header or body
     */
    public static RequestAccess classify(RemotingCommand request) {
        Rule rule = RULES.get(request.getCode());
        if (rule == null) {
            throw new IllegalArgumentException("request code " + request.getCode() + " has no access rule");
        }
        return new RequestAccess(request.getCode(), rule.role(), rule.resources().of(request));
    }

    private static void rule(int code, Role role, Resources resources) {
        if (RULES.put(code, new Rule(role, resources)) != null) {
            throw new IllegalStateException("two access rules for request code " + code);
        }
    }

    /** A topic, or for a retry topic {@code %RETRY%g} the group {@code g}, as RocketMQ's ACL checks it. */
    static ResourceAccess topic(String name, Permission permission) {
        if (name.startsWith(TopicNames.RETRY_PREFIX) && name.length() > TopicNames.RETRY_PREFIX.length()) {
            return ResourceAccess.group(name.substring(TopicNames.RETRY_PREFIX.length()));
        }
        return ResourceAccess.topic(name, permission);
    }

    private static String required(RemotingCommand request, String field) {
        String value = request.ext(field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the request has no '" + field + "' field");
        }
        return value;
    }

    private static List<ResourceAccess> heartbeatBody(RemotingCommand request) {
        JsonNode body = body(request, "heartbeat");
        List<ResourceAccess> needs = new ArrayList<>();
        for (JsonNode consumer : body.path("consumerDataSet")) {
            needs.add(ResourceAccess.group(text(consumer, "groupName", "a consumerDataSet entry")));
            for (JsonNode subscription : consumer.path("subscriptionDataSet")) {
                needs.add(topic(text(subscription, "topic", "a subscriptionDataSet entry"), Permission.SUB));
            }
        }
        return needs;
    }

    private static List<ResourceAccess> lockBody(RemotingCommand request) {
        JsonNode body = body(request, "lock");
        List<ResourceAccess> needs = new ArrayList<>();
        needs.add(ResourceAccess.group(text(body, "consumerGroup", "the lock body")));
        for (JsonNode queue : body.path("mqSet")) {
            needs.add(topic(text(queue, "topic", "an mqSet entry"), Permission.SUB));
        }
        return needs;
    }

    private static JsonNode body(RemotingCommand request, String what) {
        byte[] bytes = request.getBody();
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("the " + what + " request has no body");
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the " + what + " body is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the " + what + " body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + what + " body cannot be read: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(where + " has no '" + field + "'");
        }
        return value.asText();
    }

    @FunctionalInterface
    private interface Resources {
        List<ResourceAccess> of(RemotingCommand request);
    }

    private record Rule(Role role, Resources resources) {
    }
}

package org.skiffmq.client.internal.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GET_ROUTEINFO_BY_TOPIC's body. Accepts both styles name servers write: standard JSON
 * ({@code "brokerAddrs":{"0":"ip:port"}}) and fastjson's default with unquoted numeric keys
 * ({@code {0:"ip:port"}}), which older name servers send to old clients. Unknown keys are
 * ignored; {@code queueDatas} and {@code brokerDatas} are required.
 */
public final class RouteJson {
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private RouteJson() {
    }

    /** @throws IllegalArgumentException saying what is wrong with the body */
    public static TopicRoute parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the route answer has no body");
        }
        JsonNode root;
        try {
            root = LENIENT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the route body is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the route body could not be read: " + e.getMessage(), e);
        }
        List<TopicRoute.QueueData> queues = new ArrayList<>();
        for (JsonNode q : requiredArray(root, "queueDatas")) {
            queues.add(new TopicRoute.QueueData(q.path("brokerName").asText(null), q.path("readQueueNums").asInt(),
                    q.path("writeQueueNums").asInt(), q.path("perm").asInt(),
                    q.has("topicSysFlag") ? q.path("topicSysFlag").asInt() : q.path("topicSynFlag").asInt()));
        }
        List<TopicRoute.BrokerData> brokers = new ArrayList<>();
        for (JsonNode b : requiredArray(root, "brokerDatas")) {
            Map<Long, String> addresses = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : b.path("brokerAddrs").properties()) {
                try {
                    addresses.put(Long.parseLong(e.getKey().trim()), e.getValue().asText());
                } catch (NumberFormatException nfe) {
                    throw new IllegalArgumentException("broker id '" + e.getKey() + "' in brokerAddrs is not a number");
                }
            }
            brokers.add(new TopicRoute.BrokerData(b.path("cluster").asText(null), b.path("brokerName").asText(null),
                    addresses));
        }
        JsonNode order = root.get("orderTopicConf");
        return new TopicRoute(queues, brokers, order == null || order.isNull() ? null : order.asText());
    }

    private static JsonNode requiredArray(JsonNode root, String key) {
        JsonNode array = root.get(key);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("the route body lacks the array '" + key + "'");
        }
        return array;
    }
}

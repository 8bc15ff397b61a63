package org.skiffmq.client.internal.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.route.TopicRoutes;

/**
 * The consumer's requests to brokers, each to the master of the broker that holds the queue:
 * consumer list, offsets (query, commit, max, search by time), orderly locks and pulls. A
 * refusal becomes a {@link BrokerException} with the broker's code and remark. Thread-safe.
 */
final class BrokerCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemotingClient remoting;
    private final TopicRoutes routes;
    private final long callTimeoutMillis;

    BrokerCalls(RemotingClient remoting, TopicRoutes routes, long callTimeoutMillis) {
        this.remoting = remoting;
        this.routes = routes;
        this.callTimeoutMillis = callTimeoutMillis;
    }

    /** The broker's master address from the routes, or null when the routes have none now. */
    String addressOf(String brokerName) {
        return routes.brokerAddresses().get(brokerName);
    }

    /** GET_CONSUMER_LIST_BY_GROUP: the group's client ids; empty while the broker knows no member. */
    List<String> consumerIds(String brokerName, String group) throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .putExt("consumerGroup", group);
        RemotingCommand response = call(brokerName, request);
        if (response.getCode() != ResponseCode.SUCCESS) {
            // SYSTEM_ERROR "no consumer for this group": our heartbeat has not arrived yet.
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        readBody(response, brokerName).path("consumerIdList").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** QUERY_CONSUMER_OFFSET: the group's committed offset, or -1 when it has none (QUERY_NOT_FOUND). */
    long queryConsumerOffset(MessageQueue mq, String group) throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", group)
                .putExt("topic", mq.topic())
                .putExt("queueId", mq.queueId());
        RemotingCommand response = call(mq.brokerName(), request);
        if (response.getCode() == ResponseCode.QUERY_NOT_FOUND) {
            return -1;
        }
        return offsetOf(response, mq.brokerName());
    }

    /** UPDATE_CONSUMER_OFFSET, one-way as RocketMQ's push consumer sends it, or two-way to know it is stored. */
    void updateConsumerOffset(MessageQueue mq, String group, long offset, boolean waitForBroker)
            throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .putExt("consumerGroup", group)
                .putExt("topic", mq.topic())
                .putExt("queueId", mq.queueId())
                .putExt("commitOffset", offset);
        if (waitForBroker) {
            RemotingCommand response = call(mq.brokerName(), request);
            if (response.getCode() != ResponseCode.SUCCESS) {
                throw refused(response, mq.brokerName());
            }
            return;
        }
        String address = require(mq.brokerName());
        try {
            remoting.invokeOneway(address, request, callTimeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException("Could not commit offset " + offset + " of " + mq + " to broker "
                    + mq.brokerName() + " (" + address + "): " + e.getMessage(), e);
        }
    }

    /** GET_MAX_OFFSET: the offset the queue's next message will get. */
    long maxOffset(MessageQueue mq) throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                .putExt("topic", mq.topic())
                .putExt("queueId", mq.queueId())
                .putExt("committed", "true");
        return offsetOf(call(mq.brokerName(), request), mq.brokerName());
    }

    /** SEARCH_OFFSET_BY_TIMESTAMP (LOWER): the first offset stored at or after {@code timestamp}. */
    long searchOffset(MessageQueue mq, long timestamp) throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)
                .putExt("topic", mq.topic())
                .putExt("queueId", mq.queueId())
                .putExt("timestamp", timestamp)
                .putExt("boundaryType", "LOWER");
        return offsetOf(call(mq.brokerName(), request), mq.brokerName());
    }

    /** LOCK_BATCH_MQ: the subset of {@code queues} (all on one broker) this client now holds. */
    Set<MessageQueue> lock(String brokerName, String group, String clientId, Collection<MessageQueue> queues)
            throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).ensureExtFields();
        request.setBody(lockBody(group, clientId, queues));
        RemotingCommand response = call(brokerName, request);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw refused(response, brokerName);
        }
        Set<MessageQueue> locked = new LinkedHashSet<>();
        for (JsonNode q : readBody(response, brokerName).path("lockOKMQSet")) {
            locked.add(new MessageQueue(q.path("topic").asText(), q.path("brokerName").asText(),
                    q.path("queueId").asInt()));
        }
        return locked;
    }

    /** UNLOCK_BATCH_MQ for queues all on one broker. */
    void unlock(String brokerName, String group, String clientId, Collection<MessageQueue> queues)
            throws ClientException, InterruptedException {
        RemotingCommand request = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ).ensureExtFields();
        request.setBody(lockBody(group, clientId, queues));
        RemotingCommand response = call(brokerName, request);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw refused(response, brokerName);
        }
    }

    /** Sends a request to a broker; the future fails with a ClientException when the broker is not in the routes. */
    CompletableFuture<RemotingCommand> invokeAsync(String brokerName, RemotingCommand request, long timeoutMillis) {
        String address = addressOf(brokerName);
        if (address == null) {
            return CompletableFuture.failedFuture(noAddress(brokerName));
        }
        return remoting.invokeAsync(address, request, timeoutMillis);
    }

    /** Sends a request to a broker's master and waits for the answer, within the call timeout. */
    RemotingCommand call(String brokerName, RemotingCommand request) throws ClientException, InterruptedException {
        String address = require(brokerName);
        try {
            return remoting.invokeSync(address, request, callTimeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException("Broker " + brokerName + " (" + address + ") did not answer request code "
                    + request.getCode() + ": " + e.getMessage(), e);
        }
    }

    BrokerException refused(RemotingCommand response, String brokerName) {
        return new BrokerException(response.getCode(), response.getRemark(), brokerName, addressOf(brokerName));
    }

    private String require(String brokerName) throws ClientException {
        String address = addressOf(brokerName);
        if (address == null) {
            throw noAddress(brokerName);
        }
        return address;
    }

    private static ClientException noAddress(String brokerName) {
        return new ClientException("Broker " + brokerName + " has no master address in the routes now; the"
                + " consumer tries again after the next route refresh");
    }

    private long offsetOf(RemotingCommand response, String brokerName) throws BrokerException {
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw refused(response, brokerName);
        }
        try {
            return response.requiredLongExt("offset");
        } catch (RuntimeException e) {
            throw new BrokerException(response.getCode(), "the answer lacks a numeric 'offset' header field: "
                    + e.getMessage(), brokerName, addressOf(brokerName));
        }
    }

    private static byte[] lockBody(String group, String clientId, Collection<MessageQueue> queues) {
        ObjectNode body = JSON.createObjectNode();
        body.put("clientId", clientId);
        body.put("consumerGroup", group);
        ArrayNode set = body.putArray("mqSet");
        for (MessageQueue mq : queues) {
            set.addObject().put("brokerName", mq.brokerName()).put("queueId", mq.queueId()).put("topic", mq.topic());
        }
        body.put("onlyThisBroker", false);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a lock body", e);
        }
    }

    private JsonNode readBody(RemotingCommand response, String brokerName) throws BrokerException {
        byte[] body = response.getBody();
        if (body == null || body.length == 0) {
            throw new BrokerException(response.getCode(), "the answer has no body", brokerName, addressOf(brokerName));
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new BrokerException(response.getCode(), "the answer's body is not JSON: " + e.getMessage(),
                    brokerName, addressOf(brokerName));
        }
    }
}

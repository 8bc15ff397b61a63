package org.skiffmq.client.internal.route;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.client.NoRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish info of every topic this process sends to and the subscribe info of every topic it
 * consumes, fetched on first use and refreshed on a schedule by the client instance. A topic the
 * name servers do not know is sent through the auto-create template's route until its own route
 * appears; it has no subscribe info until then. A refresh that fails keeps the previous route.
 * Thread-safe.
 */
public final class TopicRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TopicRoutes.class);

    private final NameServerClient nameServers;
    private final Map<String, PublishInfo> byTopic = new ConcurrentHashMap<>();
    private final Map<String, SubscribeInfo> subscribed = new ConcurrentHashMap<>();
    private final Map<String, Object> fetchLocks = new ConcurrentHashMap<>();
    private final Runnable onNewTopic;

    /** @param onNewTopic told (on the sending thread) after a topic's first route was fetched; keep it short */
    public TopicRoutes(NameServerClient nameServers, Runnable onNewTopic) {
        this.nameServers = nameServers;
        this.onNewTopic = onNewTopic;
    }

    /**
     * The topic's publish info, from the cache or, the first time, from the name servers.
     *
     * @throws NoRouteException naming the topic and what to do, when there is none
     */
    public PublishInfo publishInfo(String topic, long timeoutMillis) throws NoRouteException, InterruptedException {
        PublishInfo cached = byTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        // One lookup per topic at a time: concurrent first sends share its result.
        synchronized (fetchLocks.computeIfAbsent(topic, t -> new Object())) {
            cached = byTopic.get(topic);
            if (cached != null) {
                return cached;
            }
            PublishInfo fetched = fetch(topic, timeoutMillis);
            if (fetched.isEmpty()) {
                throw new NoRouteException("Topic " + topic + " has a route but no writable queue on a broker with a"
                        + " master; check the topic's permission and that its brokers are up");
            }
            byTopic.put(topic, fetched);
            onNewTopic.run();
            return fetched;
        }
    }

    /**
     * The topic's readable queues, from the cache or from the name servers; null while the name
     * servers know no route for it (e.g. a retry topic before the group's first heartbeat).
     *
     * @throws NoRouteException when no name server answered
     */
    public SubscribeInfo subscribeInfo(String topic, long timeoutMillis) throws NoRouteException, InterruptedException {
        SubscribeInfo cached = subscribed.get(topic);
        if (cached != null) {
            return cached;
        }
        TopicRoute route = nameServers.route(topic, timeoutMillis);
        if (route == null) {
            return null;
        }
        SubscribeInfo fetched = SubscribeInfo.of(topic, route);
        if (subscribed.put(topic, fetched) == null) {
            onNewTopic.run();
        }
        return fetched;
    }

    /** Fetches every cached topic's route again; a topic whose lookup fails keeps its old route. */
    public void refreshAll(long timeoutMillis) throws InterruptedException {
        for (String topic : subscribed.keySet()) {
            try {
                TopicRoute route = nameServers.route(topic, timeoutMillis);
                if (route != null) {
                    subscribed.computeIfPresent(topic, (t, old) -> SubscribeInfo.of(t, route));
                }
            } catch (NoRouteException e) {
                LOG.warn("Keeping the previous subscribe route of topic {}: {}", topic, e.getMessage());
            }
        }
        for (String topic : byTopic.keySet()) {
            try {
                TopicRoute route = nameServers.route(topic, timeoutMillis);
                if (route != null) {
                    PublishInfo fresh = PublishInfo.of(topic, route);
                    if (!fresh.isEmpty()) {
                        byTopic.put(topic, fresh);
                    }
                }
            } catch (NoRouteException e) {
                LOG.warn("Keeping the previous route of topic {}: {}", topic, e.getMessage());
            }
        }
    }

    /** Every broker (name to master address) in any cached route. */
    public Map<String, String> brokerAddresses() {
        Map<String, String> all = new HashMap<>();
        for (PublishInfo info : byTopic.values()) {
            all.putAll(info.brokerAddresses());
        }
        for (SubscribeInfo info : subscribed.values()) {
            all.putAll(info.brokerAddresses());
        }
        return all;
    }

    /** The master addresses in any cached route. */
    public Set<String> addresses() {
        return new HashSet<>(brokerAddresses().values());
    }

    private PublishInfo fetch(String topic, long timeoutMillis) throws NoRouteException, InterruptedException {
        TopicRoute route = nameServers.route(topic, timeoutMillis);
        if (route != null) {
            return PublishInfo.of(topic, route);
        }
        TopicRoute template = nameServers.route(PublishInfo.DEFAULT_TOPIC, timeoutMillis);
        if (template == null) {
            throw new NoRouteException("Topic " + topic + " does not exist and no broker offers auto-creation (the name"
                    + " servers " + nameServers.addresses() + " know no route for the template topic "
                    + PublishInfo.DEFAULT_TOPIC + "). Create the topic first (UPDATE_AND_CREATE_TOPIC, e.g. mqadmin"
                    + " updateTopic), or enable autoCreateTopic on a broker");
        }
        LOG.debug("Topic {} has no route yet; sending through the {} route so a broker creates it", topic,
                PublishInfo.DEFAULT_TOPIC);
        return PublishInfo.fromDefaultTopic(topic, template, PublishInfo.DEFAULT_TOPIC_QUEUE_NUMS);
    }
}

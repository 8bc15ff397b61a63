package org.skiffmq.kernel.broker.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * The clients connected to this broker, by producer group and consumer group, as their heartbeats
 * announce them. An entry lives until the client unregisters, its connection closes, or it stays
 * silent past the expiry. Methods that change a consumer group's members return the groups whose
 * member set changed, so the caller can notify the remaining members. Thread-safe.
 */
public final class ClientRegistry {

    /** One client of a group, and the connection it heartbeats on. */
    public record ClientEntry(String clientId, RemotingChannel channel, int version, long lastHeartbeat,
            LanguageCode language) {
    }

    /** A consumer group's member and what it subscribed. */
    public record ConsumerEntry(ClientEntry client, HeartbeatData.ConsumerData data) {
    }

    private final Clock clock;
    private final Map<String, Map<String, ClientEntry>> producers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ConsumerEntry>> consumers = new ConcurrentHashMap<>();

    public ClientRegistry(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a heartbeat's groups; returns the consumer groups that gained this client. A
     * heartbeat whose connection has closed registers nothing: it may be handled after the
     * close (it waits on an executor), and would otherwise keep a dead client in its groups, with
     * queues rebalanced onto it, until expiry. Checked under the lock {@link #channelClosed} takes,
     * and a channel is inactive before its close is announced, so one of the two always wins.
     */
    public Set<String> heartbeat(RemotingChannel channel, int version, HeartbeatData data) {
        return heartbeat(channel, version, LanguageCode.JAVA, data);
    }

    /** Records a client's heartbeat, with the language its requests say it is written in. */
    public synchronized Set<String> heartbeat(RemotingChannel channel, int version, LanguageCode language,
            HeartbeatData data) {
        if (!channel.isActive()) {
            return Set.of();
        }
        ClientEntry entry = new ClientEntry(data.clientID(), channel, version, clock.millis(), language);
        if (data.producerDataSet() != null) {
            for (HeartbeatData.ProducerData p : data.producerDataSet()) {
                producers.computeIfAbsent(p.groupName(), k -> new ConcurrentHashMap<>()).put(data.clientID(), entry);
            }
        }
        Set<String> changed = new TreeSet<>();
        if (data.consumerDataSet() != null) {
            for (HeartbeatData.ConsumerData c : data.consumerDataSet()) {
                ConsumerEntry previous = consumers.computeIfAbsent(c.groupName(), k -> new ConcurrentHashMap<>())
                        .put(data.clientID(), new ConsumerEntry(entry, keepSubscriptions(c, data, c.groupName())));
                if (previous == null || previous.client().channel() != channel) {
                    changed.add(c.groupName());
                }
            }
        }
        return changed;
    }

    /** A V2 heartbeat without subscriptions keeps the ones the client sent before. */
    private HeartbeatData.ConsumerData keepSubscriptions(HeartbeatData.ConsumerData c, HeartbeatData data,
            String group) {
        if (!data.withoutSub() || (c.subscriptionDataSet() != null && !c.subscriptionDataSet().isEmpty())) {
            return c;
        }
        Map<String, ConsumerEntry> members = consumers.get(group);
        ConsumerEntry known = members == null ? null : members.get(data.clientID());
        return known == null ? c : known.data();
    }

    public void unregisterProducer(String group, String clientId) {
        remove(producers, group, clientId);
    }

    /** Returns whether the group lost a member. */
    public synchronized boolean unregisterConsumer(String group, String clientId) {
        return remove(consumers, group, clientId);
    }

    /** Forgets every registration made over a closed connection; returns consumer groups that changed. */
    public synchronized Set<String> channelClosed(RemotingChannel channel) {
        producers.values().forEach(m -> m.values().removeIf(e -> e.channel() == channel));
        Set<String> changed = new TreeSet<>();
        consumers.forEach((group, members) -> {
            if (members.values().removeIf(e -> e.client().channel() == channel)) {
                changed.add(group);
            }
        });
        producers.values().removeIf(Map::isEmpty);
        consumers.values().removeIf(Map::isEmpty);
        return changed;
    }

    /** Drops clients silent for longer than {@code timeoutMillis}; returns consumer groups that changed. */
    public synchronized Set<String> expire(long timeoutMillis) {
        long oldest = clock.millis() - timeoutMillis;
        producers.values().forEach(m -> m.values().removeIf(e -> e.lastHeartbeat() < oldest));
        Set<String> changed = new TreeSet<>();
        consumers.forEach((group, members) -> {
            if (members.values().removeIf(e -> e.client().lastHeartbeat() < oldest)) {
                changed.add(group);
            }
        });
        producers.values().removeIf(Map::isEmpty);
        consumers.values().removeIf(Map::isEmpty);
        return changed;
    }

    public Set<String> producerGroups() {
        return Set.copyOf(producers.keySet());
    }

    public List<ClientEntry> producers(String group) {
        Map<String, ClientEntry> members = producers.get(group);
        return members == null ? List.of() : List.copyOf(members.values());
    }

    public List<ConsumerEntry> consumers(String group) {
        Map<String, ConsumerEntry> members = consumers.get(group);
        return members == null ? List.of() : List.copyOf(members.values());
    }

    /** The client ids of a consumer group, sorted (every member sorts the same way for rebalancing). */
    public List<String> consumerIds(String group) {
        Map<String, ConsumerEntry> members = consumers.get(group);
        return members == null ? List.of() : new ArrayList<>(new TreeSet<>(members.keySet()));
    }

    /** The newest subscription any member of the group has for the topic, or null. */
    public HeartbeatData.SubscriptionData subscription(String group, String topic) {
        Map<String, ConsumerEntry> members = consumers.get(group);
        if (members == null) {
            return null;
        }
        HeartbeatData.SubscriptionData newest = null;
        for (ConsumerEntry member : members.values()) {
            List<HeartbeatData.SubscriptionData> subs = member.data().subscriptionDataSet();
            if (subs == null) {
                continue;
            }
            for (HeartbeatData.SubscriptionData s : subs) {
                if (topic.equals(s.topic()) && (newest == null || s.subVersion() > newest.subVersion())) {
                    newest = s;
                }
            }
        }
        return newest;
    }

    /** Every topic some consumer group subscribes to, with the groups. */
    public Set<String> consumerGroups() {
        return new HashSet<>(consumers.keySet());
    }

    private static <T> boolean remove(Map<String, Map<String, T>> table, String group, String clientId) {
        if (group == null) {
            return false;
        }
        boolean[] removed = new boolean[1];
        table.computeIfPresent(group, (k, members) -> {
            removed[0] = members.remove(clientId) != null;
            return members.isEmpty() ? null : members;
        });
        return removed[0];
    }
}

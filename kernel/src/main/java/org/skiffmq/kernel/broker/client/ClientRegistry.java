package org.skiffmq.kernel.broker.client;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * The clients connected to this broker, by producer group and consumer group, as their heartbeats
 * announce them. An entry lives until the client unregisters or its connection closes.
 * Thread-safe.
 */
public final class ClientRegistry {

    /** One client of a group, and the connection it heartbeats on. */
    public record ClientEntry(String clientId, RemotingChannel channel, int version, long lastHeartbeat) {
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

    /** Records a heartbeat's groups for the client on this channel. */
    public void heartbeat(RemotingChannel channel, int version, HeartbeatData data) {
        ClientEntry entry = new ClientEntry(data.clientID(), channel, version, clock.millis());
        if (data.producerDataSet() != null) {
            for (HeartbeatData.ProducerData p : data.producerDataSet()) {
                producers.computeIfAbsent(p.groupName(), k -> new ConcurrentHashMap<>()).put(data.clientID(), entry);
            }
        }
        if (data.consumerDataSet() != null) {
            for (HeartbeatData.ConsumerData c : data.consumerDataSet()) {
                consumers.computeIfAbsent(c.groupName(), k -> new ConcurrentHashMap<>())
                        .put(data.clientID(), new ConsumerEntry(entry, c));
            }
        }
    }

    public void unregisterProducer(String group, String clientId) {
        remove(producers, group, clientId);
    }

    public void unregisterConsumer(String group, String clientId) {
        remove(consumers, group, clientId);
    }

    /** Forgets every registration made over a closed connection. */
    public void channelClosed(RemotingChannel channel) {
        producers.values().forEach(m -> m.values().removeIf(e -> e.channel() == channel));
        consumers.values().forEach(m -> m.values().removeIf(e -> e.client().channel() == channel));
        producers.values().removeIf(Map::isEmpty);
        consumers.values().removeIf(Map::isEmpty);
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

    private static <T> void remove(Map<String, Map<String, T>> table, String group, String clientId) {
        if (group == null) {
            return;
        }
        table.computeIfPresent(group, (k, members) -> {
            members.remove(clientId);
            return members.isEmpty() ? null : members;
        });
    }
}

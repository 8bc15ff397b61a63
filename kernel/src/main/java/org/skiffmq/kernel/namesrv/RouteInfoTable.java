package org.skiffmq.kernel.namesrv;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.protocol.BrokerData;
import org.skiffmq.kernel.protocol.ClusterInfo;
import org.skiffmq.kernel.protocol.QueueData;
import org.skiffmq.kernel.protocol.TopicConfig;
import org.skiffmq.kernel.protocol.TopicList;
import org.skiffmq.kernel.protocol.TopicRouteData;

/**
 * The name server's view of the cluster: which brokers are alive and which queues each holds for
 * each topic. Registrations merge topics (a topic absent from a registration is kept); a broker
 * that does not re-register within its timeout, or whose connection closes, is dropped with its
 * queues. Thread-safe: one read-write lock, held only for map work.
 */
public final class RouteInfoTable {

    /** One REGISTER_BROKER request, as the table needs it. */
    public record Registration(String clusterName, String brokerName, String brokerAddr, long brokerId,
            long timeoutMillis, Map<String, TopicConfig> topics, RemotingChannel channel, long stateVersion) {
    }

    private record Liveness(String clusterName, String brokerName, long brokerId, long lastUpdate,
            long timeoutMillis, RemotingChannel channel, long stateVersion) {
    }

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topicQueues = new HashMap<>();
    private final Map<String, BrokerData> brokers = new HashMap<>();
    private final Map<String, Set<String>> clusters = new HashMap<>();
    private final Map<String, Liveness> liveBrokers = new HashMap<>();

    public RouteInfoTable(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a registration, or refuses it when it claims a group's master (brokerId 0) with a
     * lower state version than the live master of another address: a stale master (a replicated
     * store's old leader, its term passed) must not win the route back.
     *
     * @return null when recorded, else why it was refused
     */
    public String register(Registration r) {
        lock.writeLock().lock();
        try {
            BrokerData broker = brokers.get(r.brokerName());
            String master = broker == null ? null : broker.brokerAddrs().get(0L);
            Liveness holder = master == null ? null : liveBrokers.get(master);
            if (r.brokerId() == 0 && holder != null && !master.equals(r.brokerAddr())
                    && holder.stateVersion() > r.stateVersion()) {
                return "broker " + r.brokerName() + " already has master " + master + " at state version "
                        + holder.stateVersion() + ", above this registration's " + r.stateVersion()
                        + "; a stale master does not take the route back";
            }
            clusters.computeIfAbsent(r.clusterName(), k -> new TreeSet<>()).add(r.brokerName());
            Map<Long, String> addrs = new TreeMap<>(broker == null ? Map.of() : broker.brokerAddrs());
            // One address per broker id: a restarted broker on a new address replaces the old one.
            addrs.values().removeIf(addr -> addr.equals(r.brokerAddr()));
            addrs.put(r.brokerId(), r.brokerAddr());
            brokers.put(r.brokerName(), new BrokerData(r.clusterName(), r.brokerName(), addrs, false));
            if (r.brokerId() == 0 && r.topics() != null) {
                for (TopicConfig t : r.topics().values()) {
                    topicQueues.computeIfAbsent(t.topicName(), k -> new TreeMap<>()).put(r.brokerName(),
                            new QueueData(r.brokerName(), t.readQueueNums(), t.writeQueueNums(), t.perm(),
                                    t.topicSysFlag()));
                }
            }
            liveBrokers.put(r.brokerAddr(), new Liveness(r.clusterName(), r.brokerName(), r.brokerId(),
                    clock.millis(), r.timeoutMillis(), r.channel(), r.stateVersion()));
            return null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void unregister(String brokerAddr) {
        lock.writeLock().lock();
        try {
            removeBroker(brokerAddr);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The route of a topic, or null when no live broker holds it. */
    public TopicRouteData route(String topic) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topicQueues.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            List<BrokerData> brokerDatas = new ArrayList<>(queues.size());
            for (String brokerName : queues.keySet()) {
                BrokerData broker = brokers.get(brokerName);
                if (broker != null) {
                    brokerDatas.add(broker);
                }
            }
            return new TopicRouteData(new ArrayList<>(queues.values()), brokerDatas, Map.of());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops brokers whose last registration is older than their timeout; returns how many. */
    public List<String> expireInactive() {
        long now = clock.millis();
        lock.writeLock().lock();
        try {
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, Liveness> e : liveBrokers.entrySet()) {
                if (now - e.getValue().lastUpdate() > e.getValue().timeoutMillis()) {
                    expired.add(e.getKey());
                }
            }
            expired.forEach(this::removeBroker);
            return expired;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every broker that registered through this connection; returns their addresses. */
    public List<String> channelClosed(RemotingChannel channel) {
        lock.writeLock().lock();
        try {
            List<String> gone = new ArrayList<>();
            for (Map.Entry<String, Liveness> e : liveBrokers.entrySet()) {
                if (e.getValue().channel() == channel) {
                    gone.add(e.getKey());
                }
            }
            gone.forEach(this::removeBroker);
            return gone;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> clusterCopy = new TreeMap<>();
            clusters.forEach((k, v) -> clusterCopy.put(k, new TreeSet<>(v)));
            return new ClusterInfo(new TreeMap<>(brokers), clusterCopy);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Forgets a topic's route (DELETE_TOPIC_IN_NAMESRV); false when it had none. */
    public boolean deleteTopic(String topic) {
        lock.writeLock().lock();
        try {
            return topicQueues.remove(topic) != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public TopicList topics() {
        lock.readLock().lock();
        try {
            return new TopicList(new TreeSet<>(topicQueues.keySet()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private void removeBroker(String brokerAddr) {
        Liveness live = liveBrokers.remove(brokerAddr);
        if (live == null) {
            return;
        }
        BrokerData broker = brokers.get(live.brokerName());
        if (broker == null) {
            return;
        }
        Map<Long, String> addrs = new TreeMap<>(broker.brokerAddrs());
        // A master replaced by a newer one (a failover) no longer holds id 0: its leaving takes
        // nothing of the new master's.
        boolean wasMaster = brokerAddr.equals(addrs.get(0L));
        addrs.values().removeIf(addr -> addr.equals(brokerAddr));
        if (!addrs.isEmpty()) {
            brokers.put(live.brokerName(), new BrokerData(broker.cluster(), broker.brokerName(), addrs, false));
            if (!wasMaster) {
                return;
            }
        } else {
            brokers.remove(live.brokerName());
            Set<String> members = clusters.get(live.clusterName());
            if (members != null) {
                members.remove(live.brokerName());
                if (members.isEmpty()) {
                    clusters.remove(live.clusterName());
                }
            }
        }
        // The master is gone: its queues can no longer take sends.
        for (Iterator<Map<String, QueueData>> it = topicQueues.values().iterator(); it.hasNext(); ) {
            Map<String, QueueData> queues = it.next();
            queues.remove(live.brokerName());
            if (queues.isEmpty()) {
                it.remove();
            }
        }
    }
}

package org.skiffmq.store.raft;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.skiffmq.api.settings.SizeSetting;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.StoreSettings;
import org.skiffmq.store.mmap.MmapStoreSettings;

/**
 * The {@code store:} section of a broker using {@code engine: raft}: the group this broker is one
 * member of, and the settings of the local store each member applies committed messages to.
 *
 * <pre>
 * store:
 *   engine: raft
 *   dir: ./data-n0
 *   flush: sync
 *   self: n0
 *   peers:
 *     - { id: n0, address: 127.0.0.1:40911 }
 *     - { id: n1, address: 127.0.0.1:40912 }
 *     - { id: n2, address: 127.0.0.1:40913 }
 * </pre>
 *
 * @param dir                   data directory: the Raft log in {@code raft/}, the local store beside it (default {@code ./data})
 * @param flush                 {@code sync}: a send is answered once a majority has it on disk;
 *                              {@code async} (default): once a majority has it in memory
 * @param self                  this broker's id in {@code peers}
 * @param peers                 every member of the group, this broker included: 3 or 5 (an odd number of at least 3)
 * @param group                 the group's name, the same on every member (default {@code skiff-raft}; the brokerName is a good choice)
 * @param electionTimeoutMillis how long followers wait without a word from the leader before electing another (default 1000; at least 100)
 * @param replicaTimeoutMillis  how long a send waits for a majority before it is answered "in-sync replicas not enough" (default 3000)
 * @param snapshotEveryEntries  a snapshot (the local store flushed, its queue ends recorded) every this many entries
 *                              (default 100000); the Raft log keeps this many entries before the newest, a member
 *                              further behind copies the leader's store
 * @param logSegmentSize        size of a Raft log segment file, the unit the log is purged in (default 32m)
 * @param commitLogFileSize     the local store's commit-log file size (default 1g)
 * @param consumeQueueEntriesPerFile entries per consume-queue file (default 300000)
 * @param maxMessageSize        largest body accepted (default 4m)
 * @param retentionHours        local commit-log files older than this are deleted (default 72)
 * @param diskMaxUsedRatio      above this share of the disk used, oldest files go first (default 0.75)
 * @param diskFullRatio         above this share of the disk used, sends are refused (default 0.90)
 */
public record RaftStoreSettings(String dir, String flush, String self, List<RaftPeerSettings> peers, String group,
        Integer electionTimeoutMillis, Integer replicaTimeoutMillis, Integer snapshotEveryEntries,
        String logSegmentSize, String commitLogFileSize, Integer consumeQueueEntriesPerFile, String maxMessageSize, Integer retentionHours,
        Double diskMaxUsedRatio, Double diskFullRatio) implements StoreSettings {

    public RaftStoreSettings {
        dir = dir == null ? "./data" : dir;
        flush = FlushMode.of(flush, "store.flush").settingValue();
        group = group == null ? "skiff-raft" : group;
        electionTimeoutMillis = electionTimeoutMillis == null ? 1000 : electionTimeoutMillis;
        replicaTimeoutMillis = replicaTimeoutMillis == null ? 3000 : replicaTimeoutMillis;
        snapshotEveryEntries = snapshotEveryEntries == null ? 100_000 : snapshotEveryEntries;
        logSegmentSize = logSegmentSize == null ? "32m" : logSegmentSize;
        if (peers == null || peers.isEmpty()) {
            throw new IllegalArgumentException("store.peers is missing: list every member of the raft group, this"
                    + " broker included, as { id: n0, address: host:port }");
        }
        peers = List.copyOf(peers);
        if (peers.size() < 3 || peers.size() % 2 == 0) {
            throw new IllegalArgumentException("store.peers lists " + peers.size() + " broker(s); a raft group needs an"
                    + " odd number of at least 3 (3 or 5), so that a majority outlives the loss of a member");
        }
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (RaftPeerSettings peer : peers) {
            if (peer == null) {
                throw new IllegalArgumentException("store.peers has an empty entry; each is { id: ..., address: ... }");
            }
            if (!ids.add(peer.id())) {
                throw new IllegalArgumentException("store.peers names id " + peer.id() + " twice; ids must be unique");
            }
            if (!addresses.add(peer.address())) {
                throw new IllegalArgumentException("store.peers gives address " + peer.address() + " twice; each member"
                        + " needs its own");
            }
        }
        if (self == null || !ids.contains(self)) {
            throw new IllegalArgumentException("store.self must be this broker's id among store.peers "
                    + peers.stream().map(RaftPeerSettings::id).toList() + "; was "
                    + (self == null ? "missing" : "'" + self + "'"));
        }
        if (group.isBlank()) {
            throw new IllegalArgumentException("store.group must not be empty");
        }
        if (electionTimeoutMillis < 100) {
            throw new IllegalArgumentException("store.electionTimeoutMillis must be at least 100; was "
                    + electionTimeoutMillis);
        }
        if (replicaTimeoutMillis < 1) {
            throw new IllegalArgumentException("store.replicaTimeoutMillis must be at least 1; was " + replicaTimeoutMillis);
        }
        if (snapshotEveryEntries < 1) {
            throw new IllegalArgumentException("store.snapshotEveryEntries must be at least 1; was "
                    + snapshotEveryEntries);
        }
        if (SizeSetting.parseInt(logSegmentSize, "store.logSegmentSize", 0) < 1024) {
            throw new IllegalArgumentException("store.logSegmentSize must be at least 1k; was " + logSegmentSize);
        }
        // The local store's keys are checked by the local store's own rules.
        new MmapStoreSettings(dir, "async", commitLogFileSize, consumeQueueEntriesPerFile, null, null,
                maxMessageSize, retentionHours, diskMaxUsedRatio, diskFullRatio, null, null);
    }

    /** The settings of the local mmap store committed messages are applied to (flushed by snapshots, not per put). */
    public MmapStoreSettings local() {
        return new MmapStoreSettings(dir, "async", commitLogFileSize, consumeQueueEntriesPerFile, null, null,
                maxMessageSize, retentionHours, diskMaxUsedRatio, diskFullRatio, null, null);
    }

    /** {@link #logSegmentSize()} in bytes. */
    public int logSegmentBytes() {
        return SizeSetting.parseInt(logSegmentSize, "store.logSegmentSize", 0);
    }

    public FlushMode flushMode() {
        return FlushMode.of(flush, "store.flush");
    }

    /** This broker's entry in {@link #peers()}. */
    public RaftPeerSettings selfPeer() {
        return peers.get(selfIndex());
    }

    /** This broker's place in {@link #peers()}: its brokerId as a follower is this plus 1. */
    public int selfIndex() {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).id().equals(self)) {
                return i;
            }
        }
        throw new IllegalStateException("self is not among the peers");
    }

    @Override
    public int maxBodyBytes() {
        return local().maxBodyBytes();
    }

    @Override
    public String summary() {
        return "raft member " + self + " of " + peers.stream().map(RaftPeerSettings::id).toList() + ", flush: " + flush;
    }
}

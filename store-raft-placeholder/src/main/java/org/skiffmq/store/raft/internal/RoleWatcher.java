package org.skiffmq.store.raft.internal;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.skiffmq.api.store.ReplicaRole;
import org.skiffmq.store.raft.RaftStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Raft member's state into the broker's {@link ReplicaRole} and tells the listener of
 * each change. The member becomes master once it leads, its leadership is ready and it has
 * applied every committed entry (so it serves what earlier leaders acknowledged), and stays
 * master until its leadership or term ends. Ratis' events ask for a check; a check every 200 ms
 * catches whatever no event announced.
 */
final class RoleWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleWatcher.class);
    private static final long POLL_MILLIS = 200;

    /** The member's Raft division, or an IOException when its server is not running. */
    interface DivisionSource {
        RaftServer.Division get() throws IOException;
    }

    private final RaftStoreSettings settings;
    private final DivisionSource division;
    private final long followerBrokerId;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skiff-raft-role");
        t.setDaemon(true);
        return t;
    });
    private volatile ReplicaRole current;
    private volatile String leaderId;
    private volatile Consumer<ReplicaRole> listener = role -> { };

    RoleWatcher(RaftStoreSettings settings, DivisionSource division) {
        this.settings = settings;
        this.division = division;
        this.followerBrokerId = settings.selfIndex() + 1L;
        this.current = new ReplicaRole(false, followerBrokerId, 0);
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Asks for a check soon, on the watcher's thread. */
    void check() {
        try {
            scheduler.execute(this::pollSafely);
        } catch (RejectedExecutionException e) {
            // Closed: the role no longer matters.
        }
    }

    ReplicaRole current() {
        return current;
    }

    String leaderId() {
        return leaderId;
    }

    String leaderDescription() {
        String leader = leaderId;
        if (leader == null) {
            return "no leader is elected now";
        }
        return settings.peers().stream().filter(p -> p.id().equals(leader)).findFirst()
                .map(p -> "the leader is " + p.id() + " at " + p.address()).orElse("the leader is " + leader);
    }

    void setListener(Consumer<ReplicaRole> listener) {
        this.listener = listener == null ? role -> { } : listener;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (Throwable t) {
            LOG.error("raft member {}: checking its role failed; trying again in {} ms", settings.self(), POLL_MILLIS, t);
        }
    }

    private void poll() {
        ReplicaRole before = current;
        ReplicaRole next;
        try {
            RaftServer.Division d = division.get();
            DivisionInfo info = d.getInfo();
            RaftPeerId leader = info.isAlive() ? info.getLeaderId() : null;
            leaderId = leader == null ? null : leader.toString();
            long term = info.getCurrentTerm();
            boolean leads = info.isAlive() && info.isLeaderReady();
            boolean stillMaster = before.master() && before.term() == term;
            boolean caughtUp = info.getLastAppliedIndex() >= d.getRaftLog().getLastCommittedIndex();
            next = leads && (stillMaster || caughtUp) ? new ReplicaRole(true, 0, term)
                    : new ReplicaRole(false, followerBrokerId, term);
        } catch (IOException e) {
            leaderId = null;
            next = new ReplicaRole(false, followerBrokerId, before.term());
        }
        if (!next.equals(before)) {
            current = next;
            if (next.master() != before.master()) {
                // Taking or losing the master's role is what an operator watches for: on the console.
                LOG.warn("raft member {} {} the master of group {} (term {}; {})", settings.self(),
                        next.master() ? "is now" : "is no longer", settings.group(), next.term(), leaderDescription());
            } else {
                LOG.info("raft member {} of group {}: {} in term {} ({})", settings.self(), settings.group(),
                        next.master() ? "master" : "follower as brokerId " + next.brokerId(), next.term(),
                        leaderDescription());
            }
            listener.accept(next);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        current = new ReplicaRole(false, followerBrokerId, current.term());
    }
}

package org.skiffmq.store.raft.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.store.raft.RaftPeerSettings;
import org.skiffmq.store.raft.RaftStoreSettings;

/** The Ratis server settings a raft store runs with, from its {@code store:} section. */
final class RatisProperties {

    private RatisProperties() {
    }

    static RaftProperties of(RaftStoreSettings settings, Path raftDir) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
        RaftPeerSettings self = settings.selfPeer();
        GrpcConfigKeys.Server.setHost(p, self.host());
        GrpcConfigKeys.Server.setPort(p, self.port());

        int election = settings.electionTimeoutMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2L * election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(Math.max(3000, 3L * election),
                TimeUnit.MILLISECONDS));

        // sync: a member acknowledges an entry once it is on disk, so SEND_OK means a majority
        // has it on disk; async: once it is written, and the log is flushed in the background.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, settings.flushMode() == FlushMode.ASYNC);
        // Entries carry whole messages: the buffers must take the largest one.
        SizeInBytes entryMax = SizeInBytes.valueOf(Math.max(8L << 20, 2L * settings.maxBodyBytes() + (1 << 20)));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entryMax);
        // Ratis wants the write buffer larger than the appender's limit by an entry's framing.
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entryMax.getSize() + 64));
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(Math.max(64L << 20, entryMax.getSize() + (1 << 20))));

        // Snapshots flush the local store and shorten a restart's replay; after each, the log
        // before it is purged, keeping one snapshot interval of entries so that a member that was
        // briefly away catches up from the log. A member further behind is told to install a
        // snapshot, and copies the leader's store itself (StoreCopier): Ratis' own snapshot
        // transfer would send files, and the store is the commit log, not a file to send.
        int every = settings.snapshotEveryEntries();
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, every);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, every);
        RaftServerConfigKeys.Log.setPurgeGap(p, Math.min(1024, every));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(settings.logSegmentBytes()));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);

        // Sends are never retried through Ratis' retry cache (the producer retries), so its
        // entries only need to live as long as a send may wait.
        RaftServerConfigKeys.RetryCache.setExpiryTime(p, TimeDuration.valueOf(
                Math.max(5000, 2L * settings.replicaTimeoutMillis()), TimeUnit.MILLISECONDS));
        return p;
    }
}

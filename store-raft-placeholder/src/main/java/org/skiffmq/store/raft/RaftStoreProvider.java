package org.skiffmq.store.raft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.skiffmq.api.store.EngineMarker;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.store.raft.internal.ReplicatedMessageStore;

/**
 * The {@code raft} store: {@code store: { engine: raft, self: n0, peers: [...] }}. Each broker of
 * a group of 3 or 5 runs one member; the leader takes sends and registers as the group's master.
 */
public final class RaftStoreProvider implements StoreProvider<RaftStoreSettings> {

    /** The name configuration uses: {@code store: { engine: raft }}. */
    public static final String NAME = "raft";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<RaftStoreSettings> settingsType() {
        return RaftStoreSettings.class;
    }

    @Override
    public void checkDirectory(RaftStoreSettings settings, Path directory) {
        EngineMarker.requireOwn(directory, NAME);
        if (EngineMarker.read(directory) == null && Files.isDirectory(directory.resolve("commitlog"))) {
            throw new IllegalArgumentException("store.dir " + directory + " holds messages written outside a raft"
                    + " group (an mmap store's commitlog/); a member starts from an empty folder or its own: point"
                    + " store.dir at a new folder");
        }
    }

    @Override
    public MessageStore create(RaftStoreSettings settings, Path directory, Clock clock) {
        return new ReplicatedMessageStore(settings, directory, clock);
    }
}

package org.skiffmq.store.mmap;

import java.nio.file.Path;
import java.time.Clock;
import org.skiffmq.api.store.EngineMarker;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.store.mmap.internal.MmapMessageStore;

/**
 * The {@code mmap} store: RocketMQ's commit log and consume queues on memory-mapped files.
 *
 * <pre>
 *   MessageStore store = new MmapStoreProvider().create(MmapStoreConfig.defaults(dir), Clock.systemUTC());
 *   store.start();                       // opens files, recovers, starts flush threads
 *   store.put(message).thenAccept(...);  // never completes exceptionally
 *   store.shutdown();                    // flush, checkpoint, unmap; idempotent
 * </pre>
 */
public final class MmapStoreProvider implements StoreProvider<MmapStoreSettings> {

    /** The name configuration uses: {@code store: { engine: mmap }}. */
    public static final String NAME = "mmap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<MmapStoreSettings> settingsType() {
        return MmapStoreSettings.class;
    }

    @Override
    public void checkDirectory(MmapStoreSettings settings, Path directory) {
        EngineMarker.requireOwn(directory, NAME);
    }

    @Override
    public MessageStore create(MmapStoreSettings settings, Path directory, Clock clock) {
        return create(settings.toConfig(directory), clock);
    }

    /** A store with settings already in the store's own units; for tests, benchmarks and stores built on this one. */
    public LocalMessageStore create(MmapStoreConfig config, Clock clock) {
        return new MmapMessageStore(config, clock);
    }
}

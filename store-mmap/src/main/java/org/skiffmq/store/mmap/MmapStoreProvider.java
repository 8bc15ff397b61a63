package org.skiffmq.store.mmap;

import java.time.Clock;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.StoreConfig;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.store.mmap.internal.MmapMessageStore;

/**
 * The {@code mmap} store: RocketMQ's commit log and consume queues on memory-mapped files.
 *
 * <pre>
 *   MessageStore store = new MmapStoreProvider().create(StoreConfig.defaults(dir), Clock.systemUTC());
 *   store.start();                       // opens files, recovers, starts flush threads
 *   store.put(message).thenAccept(...);  // never completes exceptionally
 *   store.shutdown();                    // flush, checkpoint, unmap; idempotent
 * </pre>
 */
public final class MmapStoreProvider implements StoreProvider {

    /** The name configuration uses: {@code store: { engine: mmap }}. */
    public static final String NAME = "mmap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageStore create(StoreConfig config, Clock clock) {
        return new MmapMessageStore(config, clock);
    }
}

package org.skiffmq.bench.discard;

import java.nio.file.Path;
import java.time.Clock;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.StoreProvider;

/**
 * The {@code discard} store, for benchmarks only: it accepts every put, assigns offsets, and keeps
 * nothing, so a broker running it shows the throughput that the transport, the send pipeline and
 * the client allow on a machine. Installed as the plugin zip {@code bench/target/discard-store.zip};
 * never part of the distribution.
 *
 * <pre>
 *   store:   { engine: discard }
 *   plugins: { dir: /folder/with/discard-store.zip }
 * </pre>
 */
public final class DiscardStoreProvider implements StoreProvider<DiscardStoreSettings> {

    public static final String NAME = "discard";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<DiscardStoreSettings> settingsType() {
        return DiscardStoreSettings.class;
    }

    @Override
    public MessageStore create(DiscardStoreSettings settings, Path directory, Clock clock) {
        return new DiscardMessageStore(clock);
    }
}

package org.skiffmq.store.mmap;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.store.mmap.contract.MessageStoreContract;

/** The store contract against the mmap store, made as a broker or a store built on it makes it. */
class MmapStoreContractTest extends MessageStoreContract {
    private record Made(Path dir, Limits limits, Clock clock) {
    }

    private final List<MessageStore> made = new ArrayList<>();
    private final Map<MessageStore, Made> how = new IdentityHashMap<>();

    @Override
    protected MessageStore newUnstartedStore(Path dir, Limits limits, Clock clock) {
        MmapStoreConfig config = MmapStoreConfig.defaults(dir).withCommitLogFileSize(limits.commitLogFileSize())
                .withConsumeQueueEntriesPerFile(limits.consumeQueueEntriesPerFile())
                .withMaxMessageSize(limits.maxMessageSize());
        MessageStore store = new MmapStoreProvider().create(config, clock);
        made.add(store);
        how.put(store, new Made(dir, limits, clock));
        return store;
    }

    @Override
    protected MessageStore openStore(Path dir, Limits limits, Clock clock) throws IOException {
        MessageStore store = newUnstartedStore(dir, limits, clock);
        store.start();
        return store;
    }

    @Override
    protected MessageStore reopenStore(MessageStore store) throws IOException {
        Made m = how.get(store);
        store.shutdown();
        return openStore(m.dir(), m.limits(), m.clock());
    }

    @Override
    protected void closeStores() {
        made.forEach(MessageStore::shutdown);
    }
}

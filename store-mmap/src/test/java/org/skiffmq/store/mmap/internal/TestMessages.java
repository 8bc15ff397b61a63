package org.skiffmq.store.mmap.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.MessageStoreContract;

/** Messages and configurations the store tests share. */
final class TestMessages {
    static final long STORE_TIME = MessageStoreContract.STORE_TIME;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(STORE_TIME), ZoneOffset.UTC);
    static final InetSocketAddress BORN = MessageStoreContract.BORN;
    static final InetSocketAddress STORE = MessageStoreContract.STORE;

    private TestMessages() {
    }

    static BrokerMessage message(String topic, int queueId, String body) {
        return MessageStoreContract.message(topic, queueId, body);
    }

    static BrokerMessage message(String topic, int queueId, String body, String tags) {
        return MessageStoreContract.message(topic, queueId, body, tags);
    }

    /** The bytes the store must have written for {@code m} at these offsets. */
    static byte[] expectedRecord(BrokerMessage m, long queueOffset, long physicalOffset, long storeTimestamp) {
        return MessageStoreContract.expectedRecord(m, queueOffset, physicalOffset, storeTimestamp);
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static MmapStoreConfig config(Path dir, int commitLogFileSize, int entriesPerFile) {
        return MmapStoreConfig.defaults(dir).withCommitLogFileSize(commitLogFileSize)
                .withConsumeQueueEntriesPerFile(entriesPerFile);
    }

    static MmapStoreConfig syncConfig(Path dir, int syncTimeoutMillis) {
        MmapStoreConfig c = config(dir, 1 << 20, 1000).withFlushMode(FlushMode.SYNC);
        return new MmapStoreConfig(c.directory(), c.flushMode(), c.commitLogFileSize(), c.consumeQueueEntriesPerFile(),
                c.flushIntervalMillis(), syncTimeoutMillis, c.maxMessageSize(), c.retentionHours(), c.diskMaxUsedRatio(),
                c.cleanIntervalMillis(), c.diskFullRatio(), c.indexEntriesPerFile());
    }
}

package org.skiffmq.store.mmap.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.store.mmap.MmapStoreConfig;

/** Messages and configurations the store tests share. */
final class TestMessages {
    static final long STORE_TIME = 1_700_000_000_005L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(STORE_TIME), ZoneOffset.UTC);
    static final InetSocketAddress BORN = new InetSocketAddress("127.0.0.1", 54321);
    static final InetSocketAddress STORE = new InetSocketAddress("127.0.0.1", 10911);

    private TestMessages() {
    }

    static BrokerMessage message(String topic, int queueId, String body) {
        return message(topic, queueId, body, "TagA");
    }

    static BrokerMessage message(String topic, int queueId, String body, String tags) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        if (tags != null) {
            m.setTags(tags);
        }
        m.putProperty(MessageProperties.UNIQ_KEY, "KEY-" + Integer.toHexString(body.hashCode()) + "-" + body.length());
        m.setBornTimestamp(1_700_000_000_000L);
        m.setBornHost(BORN);
        m.setStoreHost(STORE);
        return m;
    }

    /** The bytes the store must have written for {@code m} at these offsets. */
    static byte[] expectedRecord(BrokerMessage m, long queueOffset, long physicalOffset, long storeTimestamp) {
        StoredMessageCodec.Prepared p = StoredMessageCodec.prepare(m);
        ByteBuffer b = ByteBuffer.allocate(p.totalSize());
        StoredMessageCodec.write(b, p, queueOffset, physicalOffset, storeTimestamp);
        return b.array();
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
                c.cleanIntervalMillis(), c.diskFullRatio());
    }
}

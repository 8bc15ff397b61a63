package org.skiffmq.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;

/**
 * An mmap store in a fresh temporary folder, opened through its provider as the broker opens it,
 * and deleted again by {@link #close()}. Also builds messages shaped like the send pipeline's.
 */
final class TempStore implements AutoCloseable {
    private static final InetSocketAddress BORN_HOST = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    private final Path dir;
    private final MessageStore store;

    TempStore(FlushMode flushMode, int commitLogFileSize) {
        try {
            dir = Files.createTempDirectory("skiff-jmh-store");
            store = new MmapStoreProvider().create(MmapStoreConfig.defaults(dir).withFlushMode(flushMode)
                    .withCommitLogFileSize(commitLogFileSize), Clock.systemUTC());
            store.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MessageStore store() {
        return store;
    }

    static BrokerMessage message(String topic, int queueId, byte[] body, long sequence) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body);
        m.putProperty(MessageProperties.UNIQ_KEY, "7F00000100002A9F" + Long.toHexString(0x1000000000000000L | sequence));
        m.putProperty(MessageProperties.TAGS, "TagA");
        m.putProperty(MessageProperties.CLUSTER, "DefaultCluster");
        m.setBornTimestamp(System.currentTimeMillis());
        m.setBornHost(BORN_HOST);
        m.setStoreHost(STORE_HOST);
        return m;
    }

    @Override
    public void close() {
        store.shutdown();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

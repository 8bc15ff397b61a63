package org.skiffmq.store.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.api.store.StoreProvider;

class MmapStoreProviderTest {
    @TempDir
    Path dir;

    @Test
    void serviceLoaderFindsTheProviderByName() {
        assertTrue(ServiceLoader.load(StoreProvider.class).stream()
                .anyMatch(p -> p.get().name().equals("mmap") && p.get() instanceof MmapStoreProvider));
    }

    @Test
    void aFolderAnotherEngineMarkedIsRefusedAndItsOwnIsNot() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("ENGINE"), "raft\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new MmapStoreProvider().checkDirectory(MmapStoreSettings.defaults(), dir));
        assertTrue(e.getMessage().contains("holds a 'raft' store") && e.getMessage().contains("store.engine: raft"),
                e.getMessage());
        java.nio.file.Files.writeString(dir.resolve("ENGINE"), "mmap\n");
        new MmapStoreProvider().checkDirectory(MmapStoreSettings.defaults(), dir);
    }

    @Test
    void createdStoreStartsAcceptsAPutAndShutsDown() throws IOException {
        MessageStore store = new MmapStoreProvider().create(
                MmapStoreConfig.defaults(dir).withCommitLogFileSize(1 << 20), Clock.systemUTC());
        store.start();
        try {
            BrokerMessage m = new BrokerMessage();
            m.setTopic("TopicTest");
            m.setBody(new byte[] {1, 2, 3});
            m.setBornHost(new InetSocketAddress("127.0.0.1", 1234));
            m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
            assertEquals(PutStatus.PUT_OK, store.put(m).join().status());
            assertEquals(1, store.maxQueueOffset("TopicTest", 0));
        } finally {
            store.shutdown();
        }
    }
}

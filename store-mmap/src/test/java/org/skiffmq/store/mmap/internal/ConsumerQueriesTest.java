package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.mmap.internal.TestMessages.message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.store.mmap.MmapStoreConfig;

/** What consumers ask the store besides messages: queue ids and offsets by store time. */
class ConsumerQueriesTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<MmapMessageStore> opened = new ArrayList<>();

    @AfterEach
    void shutdownAll() {
        opened.forEach(MmapMessageStore::shutdown);
    }

    private MmapMessageStore open(MmapStoreConfig config) throws IOException {
        MmapMessageStore store = new MmapMessageStore(config, clock);
        opened.add(store);
        store.start();
        return store;
    }

    private MmapMessageStore open() throws IOException {
        return open(TestMessages.config(dir, 1 << 20, 1000));
    }

    private void putAt(MmapMessageStore store, long time, BrokerMessage m) {
        clock.set(time);
        assertTrue(store.put(m).join().isOk());
    }

    @Test
    void queueIdsAreTheQueuesWithConsumeQueues() throws IOException {
        MmapMessageStore store = open();
        for (int q : new int[] {7, 0, 3, 3}) {
            store.put(message("Q", q, "m" + q)).join();
        }
        store.put(message("Other", 1, "x")).join();
        assertEquals(Set.of(0, 3, 7), store.queueIds("Q"));
        assertEquals(List.of(0, 3, 7), List.copyOf(store.queueIds("Q")), "ascending");
        assertEquals(Set.of(1), store.queueIds("Other"));
        assertEquals(Set.of(), store.queueIds("Unknown"));
    }

    @Test
    void queueIdsSurviveARestart() throws IOException {
        MmapMessageStore store = open();
        store.put(message("Q", 2, "a")).join();
        store.put(message("Q", 5, "b")).join();
        store.shutdown();
        assertEquals(Set.of(2, 5), open().queueIds("Q"));
    }

    /** Offsets 0..4 stored at T0+1000, +2000, +2000, +3000, +4000. */
    private MmapMessageStore fiveMessages() throws IOException {
        MmapMessageStore store = open();
        long[] times = {1000, 2000, 2000, 3000, 4000};
        for (int i = 0; i < times.length; i++) {
            putAt(store, T0 + times[i], message("Time", 0, "m" + i));
        }
        return store;
    }

    @Test
    void lowerIsTheFirstOffsetStoredAtOrAfterTheTime() throws IOException {
        MmapMessageStore store = fiveMessages();
        assertEquals(1, store.queueOffsetByTime("Time", 0, T0 + 2000, BoundaryType.LOWER));
        assertEquals(3, store.queueOffsetByTime("Time", 0, T0 + 2500, BoundaryType.LOWER));
        assertEquals(0, store.queueOffsetByTime("Time", 0, T0 + 1000, BoundaryType.LOWER));
    }

    @Test
    void upperIsTheLastOffsetStoredAtOrBeforeTheTime() throws IOException {
        MmapMessageStore store = fiveMessages();
        assertEquals(2, store.queueOffsetByTime("Time", 0, T0 + 2000, BoundaryType.UPPER));
        assertEquals(2, store.queueOffsetByTime("Time", 0, T0 + 2999, BoundaryType.UPPER));
        assertEquals(4, store.queueOffsetByTime("Time", 0, T0 + 4000, BoundaryType.UPPER));
    }

    @Test
    void timeBeforeEveryMessageGivesTheMinOffsetBothWays() throws IOException {
        MmapMessageStore store = fiveMessages();
        assertEquals(0, store.queueOffsetByTime("Time", 0, T0 - 60_000, BoundaryType.LOWER));
        assertEquals(0, store.queueOffsetByTime("Time", 0, T0 - 60_000, BoundaryType.UPPER), "all newer: min");
    }

    @Test
    void timeAfterEveryMessageGivesMaxForLowerAndTheLastForUpper() throws IOException {
        MmapMessageStore store = fiveMessages();
        assertEquals(5, store.queueOffsetByTime("Time", 0, T0 + 9000, BoundaryType.LOWER), "all older: max");
        assertEquals(4, store.queueOffsetByTime("Time", 0, T0 + 9000, BoundaryType.UPPER));
    }

    @Test
    void unknownQueueGivesZero() throws IOException {
        MmapMessageStore store = fiveMessages();
        assertEquals(0, store.queueOffsetByTime("Time", 1, T0 + 2000, BoundaryType.LOWER));
        assertEquals(0, store.queueOffsetByTime("Nope", 0, T0 + 2000, BoundaryType.UPPER));
    }

    @Test
    void searchCrossesConsumeQueueAndCommitLogFiles() throws IOException {
        MmapMessageStore store = open(TestMessages.config(dir, 8192, 4));
        for (int i = 0; i < 40; i++) {
            putAt(store, T0 + i * 10L, message("Many", 0, "m" + i + "-" + "x".repeat(500)));
        }
        assertTrue(store.maxPhysicalOffset() > 2 * 8192, "several commit-log files");
        for (int i = 0; i < 40; i++) {
            long t = T0 + i * 10L;
            assertEquals(i, store.queueOffsetByTime("Many", 0, t, BoundaryType.LOWER));
            assertEquals(i, store.queueOffsetByTime("Many", 0, t - 5, BoundaryType.LOWER));
            assertEquals(i, store.queueOffsetByTime("Many", 0, t, BoundaryType.UPPER));
            assertEquals(i, store.queueOffsetByTime("Many", 0, t + 5, BoundaryType.UPPER));
        }
    }

    @Test
    void storeTimeIsFoundBehindAnIpv6BornHost() throws IOException {
        MmapMessageStore store = open();
        for (int i = 0; i < 6; i++) {
            BrokerMessage m = message("V6", 0, "m" + i);
            m.setBornHost(new InetSocketAddress("::1", 40000));
            putAt(store, T0 + i * 1000L, m);
        }
        assertEquals(3, store.queueOffsetByTime("V6", 0, T0 + 2500, BoundaryType.LOWER));
        assertEquals(2, store.queueOffsetByTime("V6", 0, T0 + 2500, BoundaryType.UPPER));
    }
}

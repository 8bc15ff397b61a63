package org.skiffmq.store.mmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.contract.ManualClock;

/**
 * Power cuts, simulated. SIGKILL leaves the page cache to the kernel, so it cannot show what a
 * power cut does; this test records what the store asked the file system to make durable
 * ({@link RecordingFileOps}) while a sync-flush store takes single and batch puts over several
 * queues, rolls 64 KiB commit-log files and 32-entry consume-queue files, and deletes old files
 * by retention. Then, for many cut points, it builds the directory a power cut at that point
 * would leave (only durable names and forced bytes; dirty pages old, new or torn), starts a
 * store on it and checks: start never fails; every message acknowledged PUT_OK before the cut
 * (and not in a file retention had deleted) is readable at its queue offset, byte for byte,
 * exactly once in its queue; queue offsets are consecutive; the store takes writes again.
 *
 * <p>{@code -Dskiff.powercut.points=N} sets the number of cut points (default 200, about 10 s;
 * each point is one recovery);
 * {@code -Dskiff.powercut.seed=S} replays a run's workload and choices (the seed is printed;
 * thread timing, and so the exact order of events, may still differ);
 * {@code -Dskiff.powercut.keep=DIR} copies every materialised directory there before its recovery.
 */
class PowerCutSimulationTest {
    private static final int FILE_SIZE = 64 * 1024;
    private static final int ENTRIES_PER_FILE = 32;
    private static final long START = 1_700_000_000_000L;
    private static final String[] TOPICS = {"PowerA", "PowerB"};
    private static final int QUEUES = 3;

    @TempDir
    Path tmp;

    /**
     * One put or batch: what was sent, the answer, how many events had happened when it came, and
     * the record bytes each message must read back as.
     */
    private record Put(List<BrokerMessage> messages, boolean waited, PutResult result, int ackedAtEvent,
            List<byte[]> records) {
        Put(List<BrokerMessage> messages, boolean waited, PutResult result, int ackedAtEvent) {
            this(messages, waited, result, ackedAtEvent, new ArrayList<>());
            for (int i = 0; result.isOk() && i < messages.size(); i++) {
                records.add(TestMessages.expectedRecord(messages.get(i), result.queueOffset() + i,
                        result.physicalOffsets()[i], result.storeTimestamp()));
            }
        }
    }

    private final List<Put> puts = new ArrayList<>();
    private int nextId;

    private static MmapStoreConfig config(Path dir) {
        MmapStoreConfig c = TestMessages.config(dir, FILE_SIZE, ENTRIES_PER_FILE).withFlushMode(FlushMode.SYNC)
                .withRetention(1, 0.99, 3_600_000);
        return new MmapStoreConfig(c.directory(), c.flushMode(), c.commitLogFileSize(), c.consumeQueueEntriesPerFile(),
                5, 60_000, c.maxMessageSize(), c.retentionHours(), c.diskMaxUsedRatio(), c.cleanIntervalMillis(),
                c.diskFullRatio(), c.indexEntriesPerFile());
    }

    private static MmapMessageStore store(Path dir, ManualClock clock, FileOps ops) {
        return new MmapMessageStore(config(dir), clock, FsyncHook.NONE, new FakeDisk(1L << 40, 1L << 39), ops);
    }

    @Test
    void everyAcknowledgedMessageSurvivesEveryPowerCut() throws Exception {
        long seed = Long.getLong("skiff.powercut.seed", System.nanoTime());
        int points = Integer.getInteger("skiff.powercut.points", 200);
        System.out.println("PowerCutSimulationTest seed=" + seed + " points=" + points
                + " (replay: -Dskiff.powercut.seed=" + seed + ")");
        Random random = new Random(seed);

        Path runDir = tmp.resolve("run");
        Files.createDirectories(runDir);
        RecordingFileOps ops = new RecordingFileOps(runDir, new UnsyncedFileOps());
        ManualClock clock = new ManualClock(START);
        MmapMessageStore store = store(runDir, clock, ops);
        store.start();
        try {
            send(store, ops, random, 260);
            clock.advance(Duration.ofHours(2));
            send(store, ops, random, 40);
            assertTrue(store.retention().runOnce() > 0, "retention deleted commit-log files during the run");
            send(store, ops, random, 260);
        } finally {
            store.shutdown();
        }
        int events = ops.eventCount();
        Map<Long, Integer> fileRemovedAt = new HashMap<>();
        for (long start = 0; start < FILE_SIZE * 64L; start += FILE_SIZE) {
            fileRemovedAt.put(start, ops.removedAt(runDir.resolve("commitlog").resolve(FileNames.of(start))));
        }

        if (System.getProperty("skiff.powercut.keep") != null) {
            Path keep = Path.of(System.getProperty("skiff.powercut.keep"));
            Files.createDirectories(keep);
            List<String> lines = new ArrayList<>();
            List<RecordingFileOps.Event> all = ops.events();
            for (int e = 0; e < all.size(); e++) {
                lines.add(e + " " + (all.get(e) instanceof RecordingFileOps.Forced f
                        ? "Forced " + f.path() + " " + f.from() + "+" + f.bytes().length : all.get(e).toString()));
            }
            for (Put p : puts) {
                lines.add("put " + idOf(p.messages().get(0).getBody()) + " acked at " + p.ackedAtEvent() + " waited "
                        + p.waited() + " " + p.messages().get(0).getTopic() + "/" + p.messages().get(0).getQueueId()
                        + " q=" + p.result().queueOffset() + " n=" + p.messages().size()
                        + " phys=" + p.result().physicalOffsets()[0]);
            }
            Files.write(keep.resolve("events.txt"), lines);
        }
        long checked = 0;
        for (int i = 0; i < points; i++) {
            int cut = random.nextInt(events + 1);
            Path cutDir = tmp.resolve("cut");
            Files.createDirectories(cutDir);
            ops.materialise(cut, random, cutDir);
            if (System.getProperty("skiff.powercut.keep") != null) {
                copyTree(cutDir, Path.of(System.getProperty("skiff.powercut.keep")).resolve("point-" + i + "-cut-" + cut));
            }
            checked += recoverAndCheck(cutDir, cut, clock, fileRemovedAt, "seed=" + seed + " cut=" + cut
                    + " of " + events + " events (point " + i + ")");
            deleteTree(cutDir);
        }
        System.out.println("PowerCutSimulationTest: " + points + " cut points over " + events + " recorded events, "
                + points + " recoveries, " + checked + " acknowledged messages checked, seed=" + seed);
    }

    /** Sends {@code count} messages in groups of concurrent puts, some as batches, some not waiting for the fsync. */
    private void send(MmapMessageStore store, RecordingFileOps ops, Random random, int count) throws Exception {
        int sent = 0;
        while (sent < count) {
            List<CompletableFuture<Put>> group = new ArrayList<>();
            for (int w = 1 + random.nextInt(6); w > 0 && sent < count; w--) {
                String topic = TOPICS[random.nextInt(TOPICS.length)];
                int queueId = random.nextInt(QUEUES);
                int n = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
                List<BrokerMessage> messages = new ArrayList<>();
                boolean waits = false;
                for (int m = 0; m < n; m++) {
                    BrokerMessage message = message(topic, queueId, random);
                    if (random.nextInt(8) == 0) {
                        message.putProperty(MessageProperties.WAIT, "false");
                    } else {
                        waits = true;
                    }
                    messages.add(message);
                }
                boolean waited = waits;
                CompletableFuture<PutResult> f = n == 1 ? store.put(messages.get(0)) : store.putBatch(messages);
                group.add(f.thenApply(r -> new Put(messages, waited, r, ops.eventCount())));
                sent += n;
            }
            for (CompletableFuture<Put> f : group) {
                Put p = f.get(60, TimeUnit.SECONDS);
                assertEquals(PutStatus.PUT_OK, p.result().status(), p.result().detail());
                puts.add(p);
            }
        }
    }

    private BrokerMessage message(String topic, int queueId, Random random) {
        int id = nextId++;
        char[] filler = new char[20 + random.nextInt(1500)];
        Arrays.fill(filler, (char) ('a' + id % 26));
        return TestMessages.message(topic, queueId, "m" + id + ":" + new String(filler));
    }

    private static int idOf(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 16), StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring(1, s.indexOf(':')));
    }

    /** Starts a store on the cut directory and checks it; returns how many acknowledged messages it checked. */
    private long recoverAndCheck(Path dir, int cut, ManualClock clock, Map<Long, Integer> fileRemovedAt,
            String where) throws IOException {
        MmapMessageStore store = store(dir, clock, new UnsyncedFileOps());
        try {
            store.start();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("recovery failed at " + where + ": " + e, e);
        }
        try {
            Map<String, Map<Integer, Integer>> seen = new HashMap<>(); // queue -> message id -> times seen
            for (String topic : TOPICS) {
                for (int q = 0; q < QUEUES; q++) {
                    seen.put(topic + "/" + q, readQueue(store, topic, q, written(), where));
                }
            }
            long checked = 0;
            for (Put p : puts) {
                if (!p.waited() || p.ackedAtEvent() > cut) {
                    continue;
                }
                for (int i = 0; i < p.messages().size(); i++) {
                    long physicalOffset = p.result().physicalOffsets()[i];
                    int removed = fileRemovedAt.getOrDefault(physicalOffset - physicalOffset % FILE_SIZE, -1);
                    if (removed >= 0 && removed < cut) {
                        continue; // retention had deleted its file
                    }
                    checkAcknowledged(store, p, i, seen, where);
                    checked++;
                }
            }
            PutResult after = store.put(TestMessages.message("PowerA", 0, "m999999:after the cut"))
                    .join();
            assertEquals(PutStatus.PUT_OK, after.status(), where + ": the recovered store takes writes: "
                    + after.detail());
            return checked;
        } finally {
            store.shutdown();
        }
    }

    /** Every record a put wrote, by message id: what any record a queue serves must be, byte for byte. */
    private Map<Integer, byte[]> written() {
        Map<Integer, byte[]> byId = new HashMap<>();
        for (Put p : puts) {
            for (int i = 0; i < p.records().size(); i++) {
                byId.put(idOf(p.messages().get(i).getBody()), p.records().get(i));
            }
        }
        return byId;
    }

    /**
     * Reads the whole queue: offsets consecutive, each record where its entry says and exactly as a
     * put wrote it (a record torn by the cut, acknowledged or not, must not be served); counts each
     * message id.
     */
    private static Map<Integer, Integer> readQueue(MmapMessageStore store, String topic, int q,
            Map<Integer, byte[]> written, String where) {
        Map<Integer, Integer> counts = new HashMap<>();
        long min = store.minQueueOffset(topic, q);
        long max = store.maxQueueOffset(topic, q);
        long offset = min;
        while (offset < max) {
            GetResult got = store.getMessages(topic, q, offset, 32, 1 << 20, MessageFilter.ALL);
            if (got.status() != GetStatus.FOUND || got.messages().isEmpty()) {
                fail(where + ": " + topic + "/" + q + " offset " + offset + " in [" + min + ", " + max + ") is "
                        + got.status());
            }
            for (ByteBuffer record : got.messages()) {
                StoredMessage m = StoredMessageCodec.decode(record.duplicate(), true);
                if (m.getQueueOffset() != offset) {
                    fail(where + ": " + topic + "/" + q + " offset " + offset + " holds a record of queue offset "
                            + m.getQueueOffset() + "; offsets must be consecutive");
                }
                if (!Arrays.equals(written.get(idOf(m.getBody())), TestMessages.bytes(record))) {
                    fail(where + ": " + topic + "/" + q + " offset " + offset + " serves a record no put wrote whole");
                }
                counts.merge(idOf(m.getBody()), 1, Integer::sum);
                offset++;
            }
        }
        counts.forEach((id, n) -> {
            if (n > 1) {
                fail(where + ": message m" + id + " is " + n + " times in " + topic + "/" + q);
            }
        });
        return counts;
    }

    private static void checkAcknowledged(MmapMessageStore store, Put p, int i, Map<String, Map<Integer, Integer>> seen,
            String where) {
        BrokerMessage m = p.messages().get(i);
        long queueOffset = p.result().queueOffset() + i;
        long physicalOffset = p.result().physicalOffsets()[i];
        String what = "message m" + idOf(m.getBody()) + " acknowledged at event " + p.ackedAtEvent() + " ("
                + m.getTopic() + "/" + m.getQueueId() + " offset " + queueOffset + ", physical " + physicalOffset + ")";
        GetResult got = store.getMessages(m.getTopic(), m.getQueueId(), queueOffset, 1, 1 << 20, MessageFilter.ALL);
        if (got.status() != GetStatus.FOUND || got.messages().isEmpty()) {
            fail(where + ": " + what + " is lost: " + got.status() + ", queue [" + got.minOffset() + ", "
                    + got.maxOffset() + ")");
        }
        if (!Arrays.equals(p.records().get(i), TestMessages.bytes(got.messages().get(0)))) {
            fail(where + ": " + what + " reads back different bytes");
        }
        int times = seen.get(m.getTopic() + "/" + m.getQueueId()).getOrDefault(idOf(m.getBody()), 0);
        if (times != 1) {
            fail(where + ": " + what + " is " + times + " times in its queue");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

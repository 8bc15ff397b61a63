package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.plugin.PluginSettings;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreSettings;

/**
 * Crash consistency end to end: a broker in a child process, producers (the official client,
 * several threads of sync sends) and a consumer-offset committer driving it, SIGKILL at random
 * moments (some while the broker is still recovering from the previous kill), restart on the same
 * data and port, again and again. Then the data directory is read through the store SPI and every
 * acknowledged send is looked up (see {@link StoreAudit} for what is checked and why).
 *
 * <p>Consumer offsets are persisted every {@code consume.offsetPersistMillis} and at shutdown, so a
 * kill may lose the commits since the last persist (one interval plus however long the write and
 * fsync of {@code consumerOffset.json} took). What must hold after every kill and restart, per
 * queue of the group (the committer only ever raises its offsets):
 * <ol>
 *   <li>the offset is one the group committed (at most the highest value it sent), never an
 *       invented or torn one, and the file always loads;</li>
 *   <li>it is at least the offset that was in {@code consumerOffset.json} just before the kill, and
 *       at least the offset read after the previous restart: a persisted commit is never lost;</li>
 *   <li>the broker keeps persisting after every restart: before each kill the test waits until the
 *       file holds the offsets acknowledged a moment earlier (a wait, not a timed assertion);</li>
 *   <li>after a clean shutdown the last acknowledged commit is exactly what the file holds.</li>
 * </ol>
 * How many acknowledged commits a kill took back is measured and printed, not asserted: it
 * depends on how long the fsync took on the machine at that moment.
 *
 * <p>CI runs {@value #DEFAULT_KILLS} kills per flush mode, 20 in all; {@code -Dskiff.crash.kills=N} runs more
 * (the long mode in docs/reliability.md), {@code -Dskiff.crash.seed=S} replays a schedule.
 */
class CrashConsistencyTest {
    /**
     * How long a check after a restart waits for the broker's answer: these runs load the machine
     * fully (a 1,000-kill run once lost 70 minutes to a 5 s timeout on a just-restarted broker's
     * first answer), and the checks are about what the broker answers, not how fast.
     */
    private static final long CHECK_TIMEOUT_MILLIS = 30_000;
    static final int DEFAULT_KILLS = 10;
    static final String TOPIC = "CrashTopic";
    static final int PRODUCER_THREADS = 4;
    static final int COMMIT_QUEUES = 4;
    static final int PERSIST_MILLIS = 200;

    private static final int KILLS = Integer.getInteger("skiff.crash.kills", DEFAULT_KILLS);

    @TempDir
    Path dir;

    @Test
    void syncFlushKeepsEveryAcknowledgedMessageAndCommittedOffsetAcrossKills() throws Exception {
        run("sync");
    }

    @Test
    void asyncFlushKeepsEveryAcknowledgedMessageAndCommittedOffsetAcrossProcessKills() throws Exception {
        run("async");
    }

    private void run(String flush) throws Exception {
        long seed = Long.getLong("skiff.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String context = "flush " + flush + ", seed " + seed + " (-Dskiff.crash.seed=" + seed + " replays it)";
        ChildBroker child = new ChildBroker(dir, String.join("\n",
                "plugins: { dir: no-plugins }",
                "store: { dir: data, flush: " + flush + ", commitLogFileSize: 1m, flushIntervalMillis: 200 }",
                "consume: { offsetPersistMillis: " + PERSIST_MILLIS + " }",
                ""));
        MmapStoreSettings settings = PluginSettings.bindStoreSettings("mmap",
                ConfigLoader.load(dir.resolve("broker.yaml")).store().settings(), MmapStoreSettings.class);
        MmapStoreConfig storeConfig = settings.toConfig(dir.resolve(settings.dir()));
        Path offsetsFile = storeConfig.directory().resolve("config").resolve("consumerOffset.json");
        SendLedger ledger = new SendLedger();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger failedSends = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(PRODUCER_THREADS);
        OffsetCommitter committer = new OffsetCommitter(child.brokerAddress(), TOPIC, COMMIT_QUEUES);
        Thread committerThread = new Thread(committer, "offset-committer");
        DefaultMQProducer producer = null;
        long started = System.nanoTime();
        int kills = 0;
        int killsDuringStart = 0;
        long maxLost = 0;
        int nextReport = 100;
        try {
            child.launch();
            child.awaitReady(60);
            producer = OfficialClient.producer(child.nameServerAddress(), "PG_CRASH");
            producer.setSendMsgTimeout(3000);
            producer.getDefaultMQProducerImpl().registerSendMessageHook(ledger);
            for (int t = 0; t < PRODUCER_THREADS; t++) {
                DefaultMQProducer p = producer;
                int thread = t;
                senders.execute(() -> send(p, thread, seed, ledger, sending, failedSends));
            }
            committerThread.start();
            committer.resume();
            long[] loadedBefore = new long[COMMIT_QUEUES];
            Arrays.fill(loadedBefore, -1);
            while (kills < KILLS) {
                Thread.sleep(300 + random.nextInt(2000));
                awaitPersisted(offsetsFile, committer.acked(), context);
                long[] persisted = persistedOffsets(offsetsFile);
                child.kill();
                kills++;
                OffsetCommitter.Snapshot commits = committer.pause();
                List<SendLedger.Ack> acks = ledger.acks();
                child.launch();
                if (kills < KILLS && random.nextInt(5) == 0) {
                    // Kill it again before or while it recovers from the last kill.
                    Thread.sleep(random.nextInt(1500));
                    child.kill();
                    kills++;
                    killsDuringStart++;
                    child.launch();
                }
                child.awaitReady(60);
                checkMaxOffsets(child, acks, context + ", after kill " + kills);
                maxLost = Math.max(maxLost, checkOffsets(child, commits, persisted, loadedBefore, context + ", after kill " + kills));
                committer.resume();
                if (KILLS > DEFAULT_KILLS && kills >= nextReport) {
                    nextReport += 100;
                    System.out.printf("crash consistency (flush %s): %d of %d kills, %d SEND_OK so far, %.0f s%n",
                            flush, kills, KILLS, acks.size(), (System.nanoTime() - started) / 1e9);
                }
            }
            Thread.sleep(1000);
            sending.set(false);
            senders.shutdown();
            assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS), "senders did not stop");
            OffsetCommitter.Snapshot last = committer.pause();
            committer.stop();
            committerThread.join(10_000);
            assertTrue(child.stopGracefully(), "the child broker did not shut down cleanly:\n" + child.tail());
            long[] persisted = persistedOffsets(offsetsFile);
            for (int q = 0; q < COMMIT_QUEUES; q++) {
                assertEquals(last.acked()[q], persisted[q], "offset of queue " + q + " after a clean shutdown, "
                        + context);
            }
            StoreAudit.Result audit = StoreAudit.check(storeConfig, TOPIC, ledger);
            System.out.printf("crash consistency (%s): %d kills (%d during start/recovery) in %.1f s; %d SEND_OK "
                            + "checked of %d messages sent in %d attempts (%d sends failed): %d missing, %d corrupted;"
                            + " %d records in the store, %d duplicates from client retries; offsets committed per"
                            + " queue %s, at most %d acknowledged commits of a queue lost to a kill%n",
                    context, kills, killsDuringStart, (System.nanoTime() - started) / 1e9, audit.acked(),
                    ledger.messagesSent(), ledger.totalAttempts(), failedSends.get(), audit.missing(),
                    audit.corrupted(), audit.records(), audit.duplicateCopies(), Arrays.toString(last.acked()),
                    maxLost);
            assertTrue(audit.acked() > kills, "too few sends succeeded to mean anything: " + audit.acked());
        } catch (Throwable t) {
            throw new AssertionError(context + " failed after " + kills + " kills; child log " + child.log()
                    + " ends with:\n" + child.tail(), t);
        } finally {
            sending.set(false);
            committer.stop();
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            committerThread.interrupt();
            if (producer != null) {
                producer.shutdown();
            }
            child.close();
        }
    }

    private static void send(DefaultMQProducer producer, int thread, long seed, SendLedger ledger,
            AtomicBoolean sending, AtomicInteger failed) {
        Random random = new Random(seed + thread);
        long seq = 0;
        while (sending.get()) {
            // Under 4 KiB, so the client does not compress and bodies compare byte for byte.
            byte[] body = new byte[64 + random.nextInt(1800)];
            random.nextBytes(body);
            byte[] label = ("t" + thread + "-" + seq++ + "-").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(label, 0, body, 0, label.length);
            try {
                SendResult result = producer.send(new Message(TOPIC, "Crash", body));
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    ledger.acked(new SendLedger.Ack(result.getMsgId(), result.getMessageQueue().getQueueId(),
                            result.getQueueOffset(), SendLedger.digest(body)));
                }
            } catch (Exception brokerDown) {
                failed.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** At each restart: every queue is at least as long as its highest acknowledged offset needs. */
    private static void checkMaxOffsets(ChildBroker child, List<SendLedger.Ack> acks, String context)
            throws Exception {
        Map<Integer, Long> highest = new HashMap<>();
        for (SendLedger.Ack ack : acks) {
            highest.merge(ack.queueId(), ack.queueOffset(), Math::max);
        }
        try (RemotingTestClient client = new RemotingTestClient(child.brokerAddress())) {
            for (Map.Entry<Integer, Long> e : highest.entrySet()) {
                RemotingCommand answer = client.call(RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                        .putExt("topic", TOPIC).putExt("queueId", e.getKey()), CHECK_TIMEOUT_MILLIS);
                assertEquals(ResponseCode.SUCCESS, answer.getCode(), answer.getRemark());
                long max = Long.parseLong(answer.ext("offset"));
                assertTrue(max > e.getValue(), "queue " + e.getKey() + " ends at " + max + " but offset "
                        + e.getValue() + " was acknowledged, " + context);
            }
        }
    }

    /** Checks the offsets the restarted broker answers; returns the most acknowledged commits it lost. */
    private static long checkOffsets(ChildBroker child, OffsetCommitter.Snapshot commits, long[] persisted,
            long[] loadedBefore, String context) throws Exception {
        long lost = 0;
        try (RemotingTestClient client = new RemotingTestClient(child.brokerAddress())) {
            for (int q = 0; q < COMMIT_QUEUES; q++) {
                RemotingCommand answer = client.call(OffsetCommitter.query(TOPIC, q), CHECK_TIMEOUT_MILLIS);
                long loaded = answer.getCode() == ResponseCode.QUERY_NOT_FOUND ? -1 : Long.parseLong(answer.ext("offset"));
                String where = "queue " + q + " restarted at offset " + loaded + ", " + context;
                assertTrue(loaded <= commits.attempted()[q], where + ": never committed (highest sent "
                        + commits.attempted()[q] + ")");
                assertTrue(loaded >= persisted[q], where + ": below " + persisted[q] + ", persisted before the kill");
                assertTrue(loaded >= loadedBefore[q], where + ": below " + loadedBefore[q] + ", loaded at the "
                        + "previous restart");
                loadedBefore[q] = loaded;
                lost = Math.max(lost, commits.acked()[q] - loaded);
            }
        }
        return lost;
    }

    /** Waits until the file holds at least {@code acked} for every queue: the broker still persists. */
    private static void awaitPersisted(Path file, long[] acked, String context) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long[] persisted = persistedOffsets(file);
            boolean all = true;
            for (int q = 0; q < COMMIT_QUEUES; q++) {
                all &= persisted[q] >= acked[q];
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("consumer offsets " + Arrays.toString(acked) + " were not persisted within"
                        + " 30 s (the file holds " + Arrays.toString(persisted) + "), " + context);
            }
            Thread.sleep(PERSIST_MILLIS / 2);
        }
    }

    /** The offsets in consumerOffset.json now (the broker replaces it whole), -1 where none. */
    private static long[] persistedOffsets(Path file) throws Exception {
        long[] offsets = new long[COMMIT_QUEUES];
        Arrays.fill(offsets, -1);
        if (!Files.exists(file)) {
            return offsets;
        }
        JsonNode queues = new ObjectMapper().readTree(file.toFile()).path("offsetTable")
                .path(TOPIC + "@" + OffsetCommitter.GROUP);
        for (int q = 0; q < COMMIT_QUEUES; q++) {
            offsets[q] = queues.path(Integer.toString(q)).asLong(-1);
        }
        return offsets;
    }
}

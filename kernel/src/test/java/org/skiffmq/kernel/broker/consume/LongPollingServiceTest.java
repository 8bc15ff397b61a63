package org.skiffmq.kernel.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.FaultyStore;
import org.skiffmq.kernel.ManualClock;
import org.skiffmq.kernel.RecordingChannel;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;

/**
 * Held pulls on a real store: each is answered, once, whatever runs at the same time (the deadline
 * scan, arrivals, a saturated pull executor, a failing read, a failing scan).
 */
class LongPollingServiceTest {
    private static final String TOPIC = "Polled";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private MessageStore store;
    private FaultyStore faulty;
    private PullProcessor processor;
    private final List<LongPollingService> services = new ArrayList<>();

    @BeforeEach
    void openStore() throws Exception {
        store = new MmapStoreProvider().create(MmapStoreConfig.defaults(dir.resolve("store"))
                .withCommitLogFileSize(64 << 20).withConsumeQueueEntriesPerFile(100_000), Clock.systemUTC());
        store.start();
        faulty = new FaultyStore(store);
        processor = new PullProcessor(faulty, new TopicConfigTable(dir.resolve("topics.json"), clock, true, 8),
                new ConsumerOffsetTable(dir.resolve("offsets.json")), new ClientRegistry(clock), 256 * 1024);
    }

    @AfterEach
    void closeStore() {
        services.forEach(LongPollingService::shutdown);
        store.shutdown();
    }

    private LongPollingService service(Executor executor, long fallbackMillis) {
        LongPollingService service = new LongPollingService(faulty, processor, executor, clock, fallbackMillis);
        services.add(service);
        return service;
    }

    private static RemotingCommand pullRequest() {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE);
    }

    /** A pull for the next message of the queue, as a consumer that has read everything sends it. */
    private LongPollingService.HeldPull pull(RecordingChannel channel, RemotingCommand request, int queueId) {
        return new LongPollingService.HeldPull(channel, request, header(queueId, store.maxQueueOffset(TOPIC, queueId)),
                MessageFilter.ALL);
    }

    private static PullHeader header(int queueId, long offset) {
        return new PullHeader("G", TOPIC, queueId, offset, 32, PullHeader.FLAG_SUSPEND, -1, 15_000, null, null, 0);
    }

    private void put(int queueId) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic(TOPIC);
        m.setQueueId(queueId);
        m.setBody("m".getBytes(StandardCharsets.UTF_8));
        m.setBornTimestamp(System.currentTimeMillis());
        m.setBornHost(new InetSocketAddress("127.0.0.1", 40_000));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10_911));
        org.skiffmq.api.store.PutResult result = store.put(m).join();
        assertTrue(result.isOk(), result.status() + " " + result.detail());
    }

    @Test
    void noHeldPullIsLostWhileTheDeadlineScanRuns() throws Exception {
        LongPollingService polls = service(Runnable::run, 60_000);
        store.setArrivalListener(polls);
        RecordingChannel channel = new RecordingChannel();
        AtomicBoolean scanning = new AtomicBoolean(true);
        Thread scanner = new Thread(() -> {
            while (scanning.get()) {
                polls.scanDeadlines();
            }
        });
        scanner.start();
        int queues = 8;
        int lost = 0;
        try {
            for (int round = 0; round < 3000; round++) {
                List<RemotingCommand> requests = new ArrayList<>();
                for (int q = 0; q < queues; q++) {
                    RemotingCommand request = pullRequest();
                    requests.add(request);
                    polls.hold(pull(channel, request, q));
                }
                // Each arrival answers its queue's pull on this thread (the executor runs tasks inline).
                for (int q = 0; q < queues; q++) {
                    put(q);
                }
                for (RemotingCommand request : requests) {
                    if (channel.answerCount(request) != 1) {
                        lost++;
                    }
                }
            }
        } finally {
            scanning.set(false);
            scanner.join();
        }
        assertEquals(0, lost, "held pulls a message arrived for but nobody answered");
    }

    @Test
    void aSaturatedPullExecutorStillAnswersWithARetryAtOnce() {
        LongPollingService polls = service(task -> {
            throw new RejectedExecutionException("saturated on purpose");
        }, 60_000);
        store.setArrivalListener(polls);
        RecordingChannel channel = new RecordingChannel();
        RemotingCommand request = pullRequest();
        polls.hold(pull(channel, request, 0));
        put(0);
        assertEquals(1, channel.answerCount(request));
        RemotingCommand answer = channel.answers().get(0);
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, answer.getCode());
        assertEquals("0", answer.ext("nextBeginOffset"), "the client pulls again from where it was");
        assertEquals("1", answer.ext("maxOffset"));
        assertEquals("0", answer.ext("minOffset"));
    }

    @Test
    void aReadThatFailsIsAnsweredWithSystemErrorAndTheNextPullReads() {
        LongPollingService polls = service(Runnable::run, 60_000);
        store.setArrivalListener(polls);
        RecordingChannel channel = new RecordingChannel();
        RemotingCommand request = pullRequest();
        polls.hold(pull(channel, request, 0));
        faulty.failReads(1);
        put(0);
        assertEquals(1, channel.answerCount(request));
        RemotingCommand answer = channel.answers().get(0);
        assertEquals(ResponseCode.SYSTEM_ERROR, answer.getCode());
        assertTrue(answer.getRemark().contains("read failed on purpose") && answer.getRemark().contains("Polled/0"),
                answer.getRemark());

        assertEquals(ResponseCode.SUCCESS, processor.lookup(header(0, 0), MessageFilter.ALL).getCode(),
                "the pull the client sends next reads the message");
    }

    @Test
    void theDeadlineScanSurvivesItsOwnErrorAndAnswersLaterDeadlines() throws Exception {
        LongPollingService polls = service(Runnable::run, 60_000);
        polls.start();
        RecordingChannel channel = new RecordingChannel();
        RemotingCommand request = pullRequest();
        polls.hold(pull(channel, request, 0));
        channel.failIsActive(3);
        // The scan asks isActive() while the pull's deadline is ahead: it throws three times, then works.
        waitFor(() -> channel.isActiveFaultsLeft() == 0);
        clock.millis += 16_000;
        waitFor(() -> channel.answerCount(request) == 1);
        assertEquals(ResponseCode.PULL_NOT_FOUND, channel.answers().get(0).getCode());
    }

    @Test
    void theFallbackRecheckSurvivesItsOwnErrorAndFindsLaterMessages() throws Exception {
        LongPollingService polls = service(Runnable::run, 20);
        polls.start(); // no arrival listener: only the fallback re-check can wake the pull
        RecordingChannel channel = new RecordingChannel();
        RemotingCommand request = pullRequest();
        polls.hold(pull(channel, request, 0));
        faulty.failMaxOffset(3);
        waitFor(() -> faulty.maxOffsetFaultsLeft() == 0);
        put(0);
        waitFor(() -> channel.answerCount(request) == 1);
        assertEquals(ResponseCode.SUCCESS, channel.answers().get(0).getCode());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within 10 s");
            Thread.sleep(5);
        }
    }
}

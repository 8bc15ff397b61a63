package org.skiffmq.client.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeFromWhere;
import org.skiffmq.client.consumer.MessageModel;
import org.skiffmq.client.internal.instance.Subscription;
import org.skiffmq.client.internal.route.NameServerClient;
import org.skiffmq.client.internal.route.SubscribeInfo;
import org.skiffmq.client.internal.route.TopicRoutes;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.transport.netty.client.NettyRemotingClient;

/**
 * The pull loop of each queue survives an unexpected exception: a fault injected once (then
 * cleared) costs a retry delay, not the queue. Against a real broker.
 */
class PullServiceRecoveryTest {
    private static final String TOPIC = "Recovering";
    private static final long RETRY_MILLIS = 100;

    @TempDir
    Path dir;
    private ConsumeSideBroker broker;
    private SkiffServer server;
    private Producer producer;
    private NettyRemotingClient remoting;
    private ScheduledThreadPoolExecutor pullThread;
    private final Map<String, StoredMessage> consumed = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        broker = ConsumeSideBroker.start(dir, "PG_RECOVER");
        server = broker.server;
        producer = broker.producer;
        remoting = broker.remoting;
        pullThread = new ScheduledThreadPoolExecutor(1);
    }

    @AfterEach
    void stop() throws Exception {
        if (pullThread != null) {
            pullThread.shutdownNow();
            pullThread.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aPullThatThrowsBeforeItsRequestIsTriedAgainAndTheQueueKeepsBeingConsumed() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        OffsetStore offsets = new MemoryOffsets() {
            @Override
            public long current(MessageQueue queue) {
                if (fail.getAndSet(false)) {
                    throw new IllegalStateException("injected: offset store unavailable once");
                }
                return super.current(queue);
            }
        };
        startPulling(offsets, recordingConsume());

        assertEverythingConsumed();
        assertTrue(!fail.get(), "the fault was never hit");
    }

    @Test
    void messagesWhoseHandOverThrowsAreHandedOverAgainAndPullingGoesOn() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        ConsumeService recording = recordingConsume();
        ConsumeService failingOnce = new ConsumeService() {
            @Override
            public void submit(QueueState queue, List<StoredMessage> messages) {
                if (fail.getAndSet(false)) {
                    throw new IllegalStateException("injected: consume service failed once");
                }
                recording.submit(queue, messages);
            }

            @Override
            public void shutdown() {
            }
        };
        startPulling(new MemoryOffsets(), failingOnce);

        assertEverythingConsumed();
        assertTrue(!fail.get(), "the fault was never hit");
    }

    /** Messages sent before and after the fault all arrive. */
    private void assertEverythingConsumed() throws Exception {
        Set<String> sent = ConcurrentHashMap.newKeySet();
        send(sent, 20);
        await(() -> consumed.keySet().containsAll(sent), "first 20");
        send(sent, 20);
        await(() -> consumed.keySet().containsAll(sent), "all 40");
        assertEquals(sent, consumed.keySet());
    }

    private void send(Set<String> ids, int count) throws Exception {
        broker.send(TOPIC, ids, count);
    }

    private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not consumed within 30 s (" + what + "): " + consumed.size()
                        + " message(s) arrived; a queue's pull loop stopped");
            }
            Thread.sleep(20);
        }
    }

    private ConsumeService recordingConsume() {
        return new ConsumeService() {
            @Override
            public void submit(QueueState queue, List<StoredMessage> messages) {
                for (StoredMessage m : messages) {
                    consumed.put(m.getUniqKey(), m);
                }
                queue.messages.remove(messages);
            }

            @Override
            public void shutdown() {
            }
        };
    }

    private void startPulling(OffsetStore offsets, ConsumeService consume) throws Exception {
        producer.send(new Message(TOPIC, "TagA", null, "creates the topic".getBytes(StandardCharsets.UTF_8)));
        NameServerClient nameServers = new NameServerClient(remoting, List.of(server.nameServerAddress()), 3000);
        TopicRoutes routes = new TopicRoutes(nameServers, () -> { });
        SubscribeInfo info = routes.subscribeInfo(TOPIC, 3000);
        Subscription subscription = Subscription.of(TOPIC, "*", 1);
        ConsumerSettings settings = new ConsumerSettings("CG_RECOVER", MessageModel.CLUSTERING,
                ConsumeFromWhere.LAST_OFFSET, 0, List.of(subscription), false, 1, 1, 32, 16, 1000, 20_000, 5_000,
                20_000, 30_000, RETRY_MILLIS, 1_000, 5_000, dir.resolve("offsets"), Clock.systemUTC());
        PullService pulls = new PullService(settings, new BrokerCalls(remoting, routes, 3000),
                Map.of(TOPIC, subscription), offsets, consume, pullThread);
        for (MessageQueue queue : info.queues()) {
            // from the current end, so only this test's messages count
            long end = server.broker().store().maxQueueOffset(TOPIC, queue.queueId());
            offsets.update(queue, end, false);
            pulls.start(new QueueState(queue, end));
        }
    }
}

package org.skiffmq.client.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.transport.ChannelListener;
import org.skiffmq.api.transport.RemotingClient;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.client.consumer.ConsumeConcurrentlyStatus;
import org.skiffmq.client.consumer.ConsumeFromWhere;
import org.skiffmq.client.consumer.ConsumeOrderlyStatus;
import org.skiffmq.client.consumer.MessageModel;
import org.skiffmq.client.internal.instance.Subscription;
import org.skiffmq.client.internal.route.NameServerClient;
import org.skiffmq.client.internal.route.SubscribeInfo;
import org.skiffmq.client.internal.route.TopicRoutes;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.transport.netty.client.NettyRemotingClient;

/**
 * The consume services survive an unexpected exception in their own bookkeeping: an offset store
 * that throws once (then works again) costs a retry delay, not the queue, and the offset still
 * reaches the end of what was consumed. Against a real broker, with the real pull loop.
 */
class ConsumeServiceRecoveryTest {
    private static final String TOPIC = "RecoveringConsume";
    private static final long RETRY_MILLIS = 100;

    @TempDir
    Path dir;
    private ConsumeSideBroker broker;
    private SkiffServer server;
    private Producer producer;
    private NettyRemotingClient remoting;
    private ScheduledThreadPoolExecutor pullThread;
    private ExecutorService consumeThreads;
    private ConsumeService consume;
    private TopicRoutes routes;
    private final List<MessageQueue> queues = new ArrayList<>();
    private final Map<String, StoredMessage> consumed = new ConcurrentHashMap<>();
    private final AtomicBoolean fail = new AtomicBoolean();
    /** Throws on the first update after {@link #fail} is set, then works again. */
    private final MemoryOffsets offsets = new MemoryOffsets() {
        @Override
        public void update(MessageQueue queue, long offset, boolean increaseOnly) {
            if (fail.getAndSet(false)) {
                throw new IllegalStateException("injected: offset store unavailable once");
            }
            super.update(queue, offset, increaseOnly);
        }
    };

    @BeforeEach
    void start() throws Exception {
        broker = ConsumeSideBroker.start(dir, "PG_CONSUME_RECOVER");
        server = broker.server;
        producer = broker.producer;
        remoting = broker.remoting;
        pullThread = new ScheduledThreadPoolExecutor(1);
        consumeThreads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        if (pullThread != null) {
            pullThread.shutdownNow();
            pullThread.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (consume != null) {
            consume.shutdown();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anOrderlyQueueWhoseOffsetUpdateThrowsIsConsumedAgainAndItsOffsetAdvances() throws Exception {
        ConsumerSettings settings = settings(true);
        consume = new OrderlyConsumeService(settings, (messages, context) -> {
            record(messages);
            return ConsumeOrderlyStatus.SUCCESS;
        }, consumeThreads, pullThread, offsets);
        startPulling(settings, true);

        assertConsumptionGoesOnAfterTheFault(fail);
    }

    @Test
    void anOrderlyQueueWhosePauseCannotBeScheduledResumesAndKeepsItsOrder() throws Exception {
        ConsumerSettings settings = settings(true);
        AtomicBoolean scheduleFails = new AtomicBoolean();
        AtomicBoolean suspendOnce = new AtomicBoolean(true);
        Map<Integer, List<Long>> order = new ConcurrentHashMap<>();
        // The listener pauses the queue of the first message; scheduling its resumption throws once.
        ScheduledThreadPoolExecutor failingScheduler = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                if (scheduleFails.getAndSet(false)) {
                    throw new IllegalStateException("injected: scheduler failed once");
                }
                return super.schedule(command, delay, unit);
            }
        };
        try {
            consume = new OrderlyConsumeService(settings, (messages, context) -> {
                if (suspendOnce.getAndSet(false)) {
                    return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                }
                record(messages);
                messages.forEach(m -> order.computeIfAbsent(m.getQueueId(), q -> new CopyOnWriteArrayList<>())
                        .add(m.getQueueOffset()));
                return ConsumeOrderlyStatus.SUCCESS;
            }, consumeThreads, failingScheduler, offsets);
            startPulling(settings, true);

            assertConsumptionGoesOnAfterTheFault(scheduleFails);
            order.forEach((queueId, offsets) -> assertEquals(offsets.stream().sorted().distinct().toList(), offsets,
                    "queue " + queueId + " consumed in offset order, each message once"));
        } finally {
            failingScheduler.shutdownNow();
        }
    }

    @Test
    void aConcurrentBatchWhoseOffsetUpdateThrowsIsStillCommitted() throws Exception {
        ConsumerSettings settings = settings(false);
        consume = new ConcurrentConsumeService(settings, (messages, context) -> {
            record(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, consumeThreads, pullThread, offsets, null);
        startPulling(settings, false);

        assertConsumptionGoesOnAfterTheFault(fail);
    }

    @Test
    void aConcurrentMessageWhoseHandBackThrowsIsConsumedAgainAndCommitted() throws Exception {
        ConsumerSettings settings = settings(false);
        AtomicBoolean handBackFails = new AtomicBoolean();
        AtomicBoolean refuseOnce = new AtomicBoolean(true);
        Map<String, List<Integer>> reconsumeTimes = new ConcurrentHashMap<>();
        // The listener asks for the first message again; handing it back to the broker then throws once.
        startRouting();
        RemotingClient failingOnce = new ThrowingOnce(remoting, RequestCode.CONSUMER_SEND_MSG_BACK, handBackFails);
        MessageReturner returner = new MessageReturner(new BrokerCalls(failingOnce, routes, 3000),
                settings.group(), settings.maxReconsumeTimes());
        consume = new ConcurrentConsumeService(settings, (messages, context) -> {
            messages.forEach(m -> reconsumeTimes.computeIfAbsent(m.getUniqKey(), k -> new CopyOnWriteArrayList<>())
                    .add(m.getReconsumeTimes()));
            if (refuseOnce.getAndSet(false)) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            record(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }, consumeThreads, pullThread, offsets, returner);
        startPulling(settings, false);

        assertConsumptionGoesOnAfterTheFault(handBackFails);
        String first = reconsumeTimes.entrySet().stream().filter(e -> e.getValue().size() > 1).findFirst()
                .orElseThrow(() -> new AssertionError("no message was consumed twice: " + reconsumeTimes)).getKey();
        assertEquals(List.of(0, 1), reconsumeTimes.get(first), "the refused message came once more, counted");
    }

    /**
     * One message whose commit fails once: it must still be committed. Then more messages on every
     * queue: all consumed, every offset at the end of its queue.
     */
    private void assertConsumptionGoesOnAfterTheFault(AtomicBoolean fault) throws Exception {
        Set<String> sent = ConcurrentHashMap.newKeySet();
        fault.set(true);
        send(sent, 1);
        await(() -> consumed.keySet().containsAll(sent), "the first message");
        await(this::offsetsAtTheEnd, "the first message's commit");
        assertTrue(!fault.get(), "the fault was never hit");

        send(sent, 20);
        await(() -> consumed.keySet().containsAll(sent), "all 21");
        await(this::offsetsAtTheEnd, "all commits");
        assertEquals(sent, consumed.keySet());
    }

    private boolean offsetsAtTheEnd() {
        for (MessageQueue queue : queues) {
            if (offsets.current(queue) != server.broker().store().maxQueueOffset(TOPIC, queue.queueId())) {
                return false;
            }
        }
        return true;
    }

    private void record(List<StoredMessage> messages) {
        for (StoredMessage m : messages) {
            consumed.put(m.getUniqKey(), m);
        }
    }

    private void send(Set<String> ids, int count) throws Exception {
        broker.send(TOPIC, ids, count);
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Map<MessageQueue, String> positions = new java.util.TreeMap<>();
                queues.forEach(q -> positions.put(q, offsets.current(q) + " of "
                        + server.broker().store().maxQueueOffset(TOPIC, q.queueId())));
                throw new AssertionError("not done within 20 s (" + what + "): " + consumed.size()
                        + " message(s) consumed, committed offsets " + positions);
            }
            Thread.sleep(20);
        }
    }

    private ConsumerSettings settings(boolean orderly) {
        Subscription subscription = Subscription.of(TOPIC, "*", 1);
        return new ConsumerSettings("CG_CONSUME_RECOVER", MessageModel.CLUSTERING, ConsumeFromWhere.LAST_OFFSET, 0,
                List.of(subscription), orderly, 2, 1, 32, 16, 1000, 20_000, 5_000, 20_000, 30_000, RETRY_MILLIS,
                1_000, 5_000, dir.resolve("offsets"), Clock.systemUTC());
    }

    private void startRouting() throws Exception {
        if (routes == null) {
            producer.send(new Message(TOPIC, "TagA", null, "creates the topic".getBytes(StandardCharsets.UTF_8)));
            NameServerClient nameServers = new NameServerClient(remoting, List.of(server.nameServerAddress()), 3000);
            routes = new TopicRoutes(nameServers, () -> { });
        }
    }

    private void startPulling(ConsumerSettings settings, boolean locked) throws Exception {
        startRouting();
        SubscribeInfo info = routes.subscribeInfo(TOPIC, 3000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (info == null && System.nanoTime() < deadline) {
            Thread.sleep(50); // the broker registers a new topic with the name server shortly after creating it
            info = routes.subscribeInfo(TOPIC, 3000);
        }
        assertTrue(info != null, "topic " + TOPIC + " has no route");
        Subscription subscription = settings.subscriptions().get(0);
        PullService pulls = new PullService(settings, new BrokerCalls(remoting, routes, 3000),
                Map.of(TOPIC, subscription), offsets, consume, pullThread);
        for (MessageQueue queue : info.queues()) {
            // from the current end, so only this test's messages count
            long end = server.broker().store().maxQueueOffset(TOPIC, queue.queueId());
            offsets.update(queue, end, false);
            QueueState state = new QueueState(queue, end);
            if (locked) {
                state.locked(settings.clock().millis()); // as if the rebalancer had locked it on the broker
            }
            queues.add(queue);
            pulls.start(state);
        }
    }

    /** The real client, except that one kind of request throws once, as an unexpected bug would. */
    private record ThrowingOnce(RemotingClient real, int code, AtomicBoolean armed) implements RemotingClient {
        @Override
        public void start() {
        }

        @Override
        public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
                throws RemotingException, InterruptedException {
            if (request.getCode() == code && armed.getAndSet(false)) {
                throw new IllegalStateException("injected: request " + code + " failed once");
            }
            return real.invokeSync(address, request, timeoutMillis);
        }

        @Override
        public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request,
                long timeoutMillis) {
            return real.invokeAsync(address, request, timeoutMillis);
        }

        @Override
        public void invokeOneway(String address, RemotingCommand request, long timeoutMillis)
                throws RemotingException, InterruptedException {
            real.invokeOneway(address, request, timeoutMillis);
        }

        @Override
        public void registerProcessor(int requestCode, RequestProcessor processor, Executor executor) {
            real.registerProcessor(requestCode, processor, executor);
        }

        @Override
        public void addChannelListener(ChannelListener listener) {
            real.addChannelListener(listener);
        }

        @Override
        public void closeConnection(String address) {
            real.closeConnection(address);
        }

        @Override
        public void shutdown() {
        }
    }
}

package org.skiffmq.client.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.fault.FaultStrategies;
import org.skiffmq.client.internal.instance.ClientInstance;
import org.skiffmq.client.internal.instance.ClientInstances;
import org.skiffmq.client.internal.instance.ClientSettings;
import org.skiffmq.client.internal.send.SendEngine;
import org.skiffmq.client.internal.send.SendHookChain;
import org.skiffmq.client.internal.send.SendSettings;

/**
 * Sends messages to a topic's brokers, as RocketMQ's DefaultMQProducer does: the route comes from
 * the name servers, the fault strategy picks a queue for each attempt, client send hooks run
 * around each attempt, and a failed sync or async send is retried on another broker while its
 * timeout lasts.
 *
 * <pre>
 * Producer producer = Producer.builder("PG_DEMO").nameServer("127.0.0.1:9876").build();
 * producer.start();
 * SendResult result = producer.send(new Message("TopicDemo", "TagA", "order-1", "hello".getBytes()));
 * producer.shutdown();
 * </pre>
 *
 * All producers of one instance name in a process share one client instance: one connection per
 * broker, one route table, one set of scheduled tasks; a producer group may be used by one
 * producer at a time. Thread-safe: any number of threads may send at once.
 */
public final class Producer implements AutoCloseable {
    private enum State { CREATED, RUNNING, SHUT_DOWN }

    private final String group;
    private final ClientSettings clientSettings;
    private final FaultStrategy faultStrategy;
    private final SendHookChain hooks;
    private final int retries;
    private final int maxMessageSize;
    private final int compressOver;
    private final long sendTimeoutMillis;
    private volatile State state = State.CREATED;
    private volatile ClientInstance instance;
    private volatile SendEngine engine;

    Producer(ProducerBuilder builder) {
        this.group = builder.group;
        this.clientSettings = new ClientSettings(builder.instanceName, builder.nameServers, builder.transport,
                builder.routeRefreshInterval.toMillis(), builder.heartbeatInterval.toMillis(),
                builder.callTimeout.toMillis(), builder.tls);
        this.faultStrategy = builder.faultStrategy != null ? builder.faultStrategy
                : FaultStrategies.create(builder.faultStrategyName);
        List<SendHook> allHooks = new ArrayList<>(SendHookChain.load(builder.hookNames));
        allHooks.addAll(builder.hooks);
        this.hooks = new SendHookChain(allHooks);
        this.retries = builder.retries;
        this.maxMessageSize = builder.maxMessageSize;
        this.compressOver = builder.compressOver;
        this.sendTimeoutMillis = builder.sendTimeout.toMillis();
    }

    /** Settings for a producer of {@code group}. */
    public static ProducerBuilder builder(String group) {
        return new ProducerBuilder(group);
    }

    /**
     * Joins (or starts) the process's client instance and registers the producer group.
     *
     * @throws ClientException when the group is already used by another producer in this process,
     *                         or the instance runs with other settings
     */
    public synchronized void start() throws ClientException {
        if (state != State.CREATED) {
            throw new IllegalStateException("Producer " + group + " was already started" + (state == State.SHUT_DOWN
                    ? " and shut down; build a new one" : ""));
        }
        ClientInstance joined = ClientInstances.register(clientSettings, group);
        instance = joined;
        engine = new SendEngine(new SendSettings(group, joined, faultStrategy, hooks, retries, maxMessageSize,
                compressOver));
        state = State.RUNNING;
    }

    /**
     * Unregisters the group from every broker; the last producer of the instance also ends it,
     * closing its connections and stopping its threads. Idempotent.
     */
    public synchronized void shutdown() {
        if (state == State.RUNNING) {
            ClientInstances.unregister(instance, group);
        }
        state = State.SHUT_DOWN;
        engine = null;
    }

    @Override
    public void close() {
        shutdown();
    }

    public String group() {
        return group;
    }

    /** The client instance this running producer shares. */
    ClientInstance instance() {
        running();
        return instance;
    }

    /** The fault strategy this producer picks queues with. */
    public FaultStrategy faultStrategy() {
        return faultStrategy;
    }

    /** The client id brokers see for this producer's instance ({@code ip@instance}). */
    public String clientId() {
        running();
        return instance.clientId();
    }

    /** Sends and waits for the broker's acknowledgement, within the producer's send timeout. */
    public SendResult send(Message message) throws ClientException, InterruptedException {
        return running().send(message, sendTimeoutMillis);
    }

    /** Sends and waits for the broker's acknowledgement, within {@code timeout}, retries included. */
    public SendResult send(Message message, Duration timeout) throws ClientException, InterruptedException {
        return running().send(message, timeout.toMillis());
    }

    /** Sends without blocking; the future completes on a client thread with the result or a {@link ClientException}. */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        return sendAsync(message, Duration.ofMillis(sendTimeoutMillis));
    }

    public CompletableFuture<SendResult> sendAsync(Message message, Duration timeout) {
        return running().sendAsync(message, timeout.toMillis());
    }

    /** Sends without blocking; {@code callback} hears the outcome once, on a client thread. */
    public void send(Message message, SendCallback callback) {
        send(message, callback, Duration.ofMillis(sendTimeoutMillis));
    }

    public void send(Message message, SendCallback callback, Duration timeout) {
        sendAsync(message, timeout).whenComplete((result, failure) -> {
            if (failure != null) {
                callback.onException(failure);
            } else {
                callback.onSuccess(result);
            }
        });
    }

    /** Writes the message to a broker and returns without waiting for an answer; never retried. */
    public void sendOneway(Message message) throws ClientException, InterruptedException {
        running().sendOneway(message, sendTimeoutMillis);
    }

    /**
     * Sends messages of one topic as one batch (SEND_BATCH_MESSAGE) to one queue; each keeps its
     * own message id. A batch may not mix topics or hold delayed messages.
     */
    public SendResult send(Collection<Message> batch) throws ClientException, InterruptedException {
        return running().sendBatch(batch, sendTimeoutMillis);
    }

    public SendResult send(Collection<Message> batch, Duration timeout) throws ClientException, InterruptedException {
        return running().sendBatch(batch, timeout.toMillis());
    }

    /**
     * Sends to the queue {@code selector} picks, e.g. one queue per order for ordered messages.
     * Tried once: a retry elsewhere would break the order.
     */
    public SendResult send(Message message, MessageQueueSelector selector, Object arg)
            throws ClientException, InterruptedException {
        return running().sendSelected(message, selector, arg, sendTimeoutMillis);
    }

    public SendResult send(Message message, MessageQueueSelector selector, Object arg, Duration timeout)
            throws ClientException, InterruptedException {
        return running().sendSelected(message, selector, arg, timeout.toMillis());
    }

    /** The topic's writable queues, sorted by broker name then queue id (RocketMQ's fetchPublishMessageQueues). */
    public List<MessageQueue> publishQueues(String topic) throws ClientException, InterruptedException {
        return running().publishQueues(topic, sendTimeoutMillis);
    }

    private SendEngine running() {
        SendEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("Producer " + group + (state == State.SHUT_DOWN ? " is shut down"
                    : " is not started: call start() first"));
        }
        return current;
    }
}

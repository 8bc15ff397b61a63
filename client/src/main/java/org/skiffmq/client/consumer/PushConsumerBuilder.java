package org.skiffmq.client.consumer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.skiffmq.api.transport.TlsConfig;
import org.skiffmq.client.internal.consume.ConsumerEngine;
import org.skiffmq.client.internal.consume.ConsumerSettings;
import org.skiffmq.client.internal.instance.ClientSettings;
import org.skiffmq.client.internal.instance.Subscription;

/**
 * Settings of a {@link PushConsumer}. The group, the name servers, at least one subscription and
 * one listener are required; everything else has RocketMQ's default. The intervals and the clock
 * are there so tests need not wait RocketMQ's 20 or 30 seconds.
 *
 * <pre>
 * PushConsumer consumer = PushConsumer.builder("CG_ORDERS")
 *         .nameServer("10.0.0.1:9876;10.0.0.2:9876")
 *         .subscribe("Orders", "*")
 *         .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
 *         .orderlyListener((messages, context) -> ConsumeOrderlyStatus.SUCCESS)
 *         .build();
 * </pre>
 */
public final class PushConsumerBuilder {
    private static final Pattern NAME = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");

    private final String group;
    private List<String> nameServers = List.of();
    private final Map<String, String> subscriptions = new LinkedHashMap<>();
    private MessageModel model = MessageModel.CLUSTERING;
    private ConsumeFromWhere fromWhere = ConsumeFromWhere.LAST_OFFSET;
    private Instant consumeTimestamp;
    private MessageListenerConcurrently concurrentListener;
    private MessageListenerOrderly orderlyListener;
    private int consumeThreads = 20;
    private int consumeBatchSize = 1;
    private int pullBatchSize = 32;
    private int maxReconsumeTimes = 16;
    private int flowControlThreshold = 1000;
    private Duration rebalanceInterval = Duration.ofSeconds(20);
    private Duration offsetCommitInterval = Duration.ofSeconds(5);
    private Duration lockRenewInterval = Duration.ofSeconds(20);
    private Duration pullRetryDelay = Duration.ofSeconds(1);
    private Path offsetStoreDir = Path.of(System.getProperty("user.home"), ".skiffmq_offsets");
    private Clock clock = Clock.systemUTC();
    private String instanceName = "DEFAULT";
    private String transport = "netty";
    private TlsConfig tls = TlsConfig.disabled();
    private Duration routeRefreshInterval = Duration.ofSeconds(30);
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(3);

    PushConsumerBuilder(String group) {
        this.group = checkName(group, "consumer group");
    }

    /** Name-server addresses, {@code ip:port} separated by {@code ;} (as RocketMQ's namesrvAddr). */
    public PushConsumerBuilder nameServer(String addresses) {
        Objects.requireNonNull(addresses, "addresses");
        return nameServers(Arrays.stream(addresses.split(";")).map(String::trim).filter(a -> !a.isEmpty()).toList());
    }

    public PushConsumerBuilder nameServers(List<String> addresses) {
        this.nameServers = List.copyOf(addresses);
        return this;
    }

    /**
     * Reads {@code topic}'s messages whose tag the expression names: {@code "TagA || TagB"}, or
     * {@code "*"} for all. Subscribing a topic again replaces its expression.
     */
    public PushConsumerBuilder subscribe(String topic, String tagExpression) {
        checkName(topic, "topic");
        Subscription.of(topic, tagExpression, 0); // Fails here, naming the expression, rather than at start.
        subscriptions.put(topic, tagExpression);
        return this;
    }

    /** CLUSTERING (default: members share the queues) or BROADCASTING (every member reads everything). */
    public PushConsumerBuilder messageModel(MessageModel model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    /** Where a queue without a committed offset starts (default LAST_OFFSET). */
    public PushConsumerBuilder consumeFromWhere(ConsumeFromWhere fromWhere) {
        this.fromWhere = Objects.requireNonNull(fromWhere, "fromWhere");
        return this;
    }

    /** Where {@link ConsumeFromWhere#TIMESTAMP} starts (default: half an hour before the consumer is built). */
    public PushConsumerBuilder consumeTimestamp(Instant timestamp) {
        this.consumeTimestamp = Objects.requireNonNull(timestamp, "timestamp");
        return this;
    }

    /** Consumes on many threads at once; replaces an orderly listener. */
    public PushConsumerBuilder listener(MessageListenerConcurrently listener) {
        this.concurrentListener = Objects.requireNonNull(listener, "listener");
        this.orderlyListener = null;
        return this;
    }

    /** Consumes each queue in order, one batch at a time; replaces a concurrent listener. */
    public PushConsumerBuilder orderlyListener(MessageListenerOrderly listener) {
        this.orderlyListener = Objects.requireNonNull(listener, "listener");
        this.concurrentListener = null;
        return this;
    }

    /** Threads that run the listener (default 20). */
    public PushConsumerBuilder consumeThreads(int threads) {
        this.consumeThreads = positive(threads, "consumeThreads");
        return this;
    }

    /** Messages per listener call (default 1, RocketMQ's consumeMessageBatchMaxSize). */
    public PushConsumerBuilder consumeBatchSize(int messages) {
        this.consumeBatchSize = positive(messages, "consumeBatchSize");
        return this;
    }

    /** Messages asked for per pull (default 32). */
    public PushConsumerBuilder pullBatchSize(int messages) {
        this.pullBatchSize = positive(messages, "pullBatchSize");
        return this;
    }

    /** Retries before the broker moves a message to the group's dead-letter topic (default 16). */
    public PushConsumerBuilder maxReconsumeTimes(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("maxReconsumeTimes must be 0 or more, was " + times);
        }
        this.maxReconsumeTimes = times;
        return this;
    }

    /** A queue is not pulled while more than this many of its messages wait for the listener (default 1000). */
    public PushConsumerBuilder flowControlThreshold(int messages) {
        this.flowControlThreshold = positive(messages, "flowControlThreshold");
        return this;
    }

    /** How often the group's queues are divided again, besides when a broker reports a member change (default 20 s). */
    public PushConsumerBuilder rebalanceInterval(Duration interval) {
        this.rebalanceInterval = positive(interval, "rebalanceInterval");
        return this;
    }

    /** How often consumed offsets are committed (default 5 s); they are also committed at shutdown. */
    public PushConsumerBuilder offsetCommitInterval(Duration interval) {
        this.offsetCommitInterval = positive(interval, "offsetCommitInterval");
        return this;
    }

    /** How often an orderly consumer renews its queue locks (default 20 s; it trusts a lock for 30 s). */
    public PushConsumerBuilder lockRenewInterval(Duration interval) {
        this.lockRenewInterval = positive(interval, "lockRenewInterval");
        return this;
    }

    /** Wait after a pull that failed or was refused (default 1 s). */
    public PushConsumerBuilder pullRetryDelay(Duration delay) {
        this.pullRetryDelay = positive(delay, "pullRetryDelay");
        return this;
    }

    /** Where broadcasting consumers keep their offsets (default {@code ~/.skiffmq_offsets}). */
    public PushConsumerBuilder offsetStoreDir(Path dir) {
        this.offsetStoreDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /** The clock for lock validity and the default consume timestamp. */
    public PushConsumerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Consumers and producers with the same instance name share one client instance and its settings. */
    public PushConsumerBuilder instanceName(String name) {
        this.instanceName = Objects.requireNonNull(name, "name");
        return this;
    }

    /** TLS to the name servers and brokers (see {@code ProducerBuilder.tls}); default none. */
    public PushConsumerBuilder tls(TlsConfig value) {
        this.tls = Objects.requireNonNull(value, "tls");
        return this;
    }

    /** The transport's name (default {@code netty}). */
    public PushConsumerBuilder transport(String name) {
        this.transport = Objects.requireNonNull(name, "name");
        return this;
    }

    /** How often topic routes are fetched again (default 30 s). */
    public PushConsumerBuilder routeRefreshInterval(Duration interval) {
        this.routeRefreshInterval = positive(interval, "routeRefreshInterval");
        return this;
    }

    /** How often every broker gets a heartbeat (default 30 s). */
    public PushConsumerBuilder heartbeatInterval(Duration interval) {
        this.heartbeatInterval = positive(interval, "heartbeatInterval");
        return this;
    }

    /** Timeout of route lookups, heartbeats, offset and lock calls (default 3 s). */
    public PushConsumerBuilder callTimeout(Duration timeout) {
        this.callTimeout = positive(timeout, "callTimeout");
        return this;
    }

    /**
     * The consumer, not yet started.
     *
     * @throws IllegalArgumentException when the name servers, the subscriptions or the listener are missing
     */
    public PushConsumer build() {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("Consumer " + group + " has no name server: call"
                    + " nameServer(\"ip:port;ip:port\") on the builder");
        }
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("Consumer " + group + " subscribes to nothing: call"
                    + " subscribe(topic, \"*\") on the builder");
        }
        if (concurrentListener == null && orderlyListener == null) {
            throw new IllegalArgumentException("Consumer " + group + " has no listener: call listener(...) or"
                    + " orderlyListener(...) on the builder");
        }
        long now = clock.millis();
        List<Subscription> subs = subscriptions.entrySet().stream()
                .map(e -> Subscription.of(e.getKey(), e.getValue(), now)).toList();
        long timestamp = consumeTimestamp != null ? consumeTimestamp.toEpochMilli()
                : now - Duration.ofMinutes(30).toMillis();
        ConsumerSettings settings = new ConsumerSettings(group, model, fromWhere, timestamp, subs,
                orderlyListener != null, consumeThreads, consumeBatchSize, pullBatchSize, maxReconsumeTimes,
                flowControlThreshold, rebalanceInterval.toMillis(), offsetCommitInterval.toMillis(),
                lockRenewInterval.toMillis(), 30_000, pullRetryDelay.toMillis(), 15_000, 30_000, offsetStoreDir,
                clock);
        ClientSettings client = new ClientSettings(instanceName, nameServers, transport,
                routeRefreshInterval.toMillis(), heartbeatInterval.toMillis(), callTimeout.toMillis(), tls);
        return new PushConsumer(group, new ConsumerEngine(settings, client, concurrentListener, orderlyListener));
    }

    private static String checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("The " + what + " '" + name + "' cannot be used: it must be 1 to 255"
                    + " characters of letters, digits, '%', '|', '_' and '-'");
        }
        return name;
    }

    private static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value;
    }
}

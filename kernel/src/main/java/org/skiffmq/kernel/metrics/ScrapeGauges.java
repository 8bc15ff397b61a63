package org.skiffmq.kernel.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.protocol.Perm;

/**
 * The figures read when Prometheus scrapes rather than counted as the broker works, with RocketMQ
 * 5.2.0's names and labels (as its Prometheus exporter writes them): connections
 * ({@code rocketmq_producer_connections} by language, {@code rocketmq_consumer_connections} by
 * group, consume mode and language), each group's lag per topic ({@code
 * rocketmq_consumer_lag_messages}: messages stored past its committed offsets; {@code
 * rocketmq_consumer_lag_latency_milliseconds}: how long the first of them has waited), {@code
 * rocketmq_broker_permission}, and the store's own figures ({@link MessageStore#metrics()},
 * labelled {@code storage_type} with the engine and {@code storage_medium="disk"}).
 * {@link #refresh()} runs before each scrape, on the scraping thread.
 */
final class ScrapeGauges {
    private final MeterRegistry registry;
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final String engine;
    private final MultiGauge producers;
    private final MultiGauge consumers;
    private final MultiGauge lag;
    private final MultiGauge lagLatency;
    private final MultiGauge plugins;
    private volatile java.util.function.Supplier<List<PluginState>> pluginStates = List::of;
    private final Map<String, Double> storeFigures = new ConcurrentHashMap<>();

    ScrapeGauges(MeterRegistry registry, ClientRegistry clients, ConsumerOffsetTable offsets, MessageStore store,
            String engine) {
        this.registry = registry;
        this.clients = clients;
        this.offsets = offsets;
        this.store = store;
        this.engine = engine;
        producers = MultiGauge.builder("rocketmq_producer_connections").description("Producer clients connected")
                .register(registry);
        consumers = MultiGauge.builder("rocketmq_consumer_connections").description("Consumer clients connected")
                .register(registry);
        lag = MultiGauge.builder("rocketmq_consumer_lag_messages")
                .description("Messages stored past a consumer group's committed offsets").register(registry);
        lagLatency = MultiGauge.builder("rocketmq_consumer_lag_latency_milliseconds")
                .description("How long the first message a group has not consumed has waited").register(registry);
        plugins = MultiGauge.builder("skiff_plugin_state")
                .description("1 for each plugin the broker loaded, labelled with its state (started or failed)")
                .register(registry);
        Gauge.builder("rocketmq_broker_permission", store,
                s -> s.replicaRole().master() ? Perm.READ_WRITE : Perm.READ)
                .description("The broker's permission: 6 read and write, 4 read only (a follower)").register(registry);
    }

    void refresh() {
        long now = System.currentTimeMillis();
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        List<MultiGauge.Row<?>> latencyRows = new ArrayList<>();
        for (String group : offsets.groups()) {
            for (String topic : offsets.topics(group)) {
                long behind = 0;
                long oldestWaiting = Long.MAX_VALUE;
                for (Map.Entry<Integer, Long> q : offsets.queues(group, topic).entrySet()) {
                    long max = store.maxQueueOffset(topic, q.getKey());
                    if (max > q.getValue()) {
                        behind += max - q.getValue();
                        long next = Math.max(q.getValue(), store.minQueueOffset(topic, q.getKey()));
                        long stored = storeTimeAt(topic, q.getKey(), next);
                        if (stored > 0) {
                            oldestWaiting = Math.min(oldestWaiting, stored);
                        }
                    }
                }
                Tags tags = Tags.of("topic", topic, "consumer_group", group, "is_retry",
                        Boolean.toString(topic.startsWith(TopicNames.RETRY_PREFIX)), "is_system",
                        Boolean.toString(TopicNames.isSystem(topic)));
                lagRows.add(MultiGauge.Row.of(tags, behind));
                latencyRows.add(MultiGauge.Row.of(tags, oldestWaiting == Long.MAX_VALUE ? 0 : now - oldestWaiting));
            }
        }
        lag.register(lagRows, true);
        lagLatency.register(latencyRows, true);
        List<MultiGauge.Row<?>> pluginRows = new ArrayList<>();
        for (PluginState p : pluginStates.get()) {
            pluginRows.add(MultiGauge.Row.of(Tags.of("plugin", p.id(), "version", p.version(), "state", p.state()), 1));
        }
        plugins.register(pluginRows, true);
        producers.register(producerRows(), true);
        consumers.register(consumerRows(), true);
        for (Map.Entry<String, Double> e : store.metrics().entrySet()) {
            if (storeFigures.put(e.getKey(), e.getValue()) == null) {
                String name = e.getKey();
                Gauge.builder(name, storeFigures, figures -> figures.getOrDefault(name, Double.NaN))
                        .tags("storage_type", engine, "storage_medium", "disk").register(registry);
            }
        }
    }

    void usePluginStates(java.util.function.Supplier<List<PluginState>> states) {
        this.pluginStates = states;
    }

    /** Producers by language, as RocketMQ labels them. */
    private List<MultiGauge.Row<?>> producerRows() {
        Map<String, Long> byLanguage = new TreeMap<>();
        for (String group : clients.producerGroups()) {
            for (ClientRegistry.ClientEntry p : clients.producers(group)) {
                byLanguage.merge(p.language().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byLanguage.forEach((language, n) -> rows.add(MultiGauge.Row.of(
                Tags.of("language", language, "protocol_type", "remoting"), n)));
        return rows;
    }

    /** Consumers by group, consume mode and language, as RocketMQ labels them. */
    private List<MultiGauge.Row<?>> consumerRows() {
        Map<Tags, Long> counts = new java.util.HashMap<>();
        for (String group : clients.consumerGroups()) {
            for (ClientRegistry.ConsumerEntry c : clients.consumers(group)) {
                Tags tags = Tags.of("consumer_group", group, "consume_mode", consumeMode(c.data().consumeType()),
                        "is_system", "false", "language", c.client().language().name().toLowerCase(Locale.ROOT),
                        "protocol_type", "remoting");
                counts.merge(tags, 1L, Long::sum);
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((tags, n) -> rows.add(MultiGauge.Row.of(tags, n)));
        return rows;
    }

    /** RocketMQ's consume_mode label for a heartbeat's consume type. */
    private static String consumeMode(String consumeType) {
        if ("CONSUME_ACTIVELY".equals(consumeType)) {
            return "pull";
        }
        return "CONSUME_POP".equals(consumeType) ? "pop" : "push";
    }

    private long storeTimeAt(String topic, int queueId, long queueOffset) {
        GetResult got = store.getMessages(topic, queueId, queueOffset, 1, 1 << 20, MessageFilter.ALL);
        return got.messages().isEmpty() ? 0
                : StoredMessageCodec.decode(got.messages().get(0).duplicate(), false).getStoreTimestamp();
    }
}

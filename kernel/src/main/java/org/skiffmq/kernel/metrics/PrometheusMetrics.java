package org.skiffmq.kernel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's metrics in a Micrometer registry scraped in Prometheus's text format, under the
 * names and labels RocketMQ 5.2.0's Prometheus exporter writes (checked against a scrape of it), so
 * that its Grafana boards read SkiffMQ unchanged:
 *
 * <ul>
 *   <li>{@code rocketmq_messages_in_total}, {@code rocketmq_throughput_in_total} (bytes) and the
 *       {@code rocketmq_message_size} histogram, by {@code topic}, {@code message_type},
 *       {@code is_system};</li>
 *   <li>{@code rocketmq_messages_out_total}, {@code rocketmq_throughput_out_total}, by
 *       {@code topic}, {@code consumer_group}, {@code is_system};</li>
 *   <li>{@code rocketmq_rpc_latency_milliseconds} (RocketMQ's buckets), by {@code protocol_type},
 *       {@code request_code}, {@code response_code}, {@code is_long_polling}, {@code result};</li>
 *   <li>SkiffMQ's own {@code skiff_send_hook_latency_seconds} and {@code skiff_send_hook_failures_total},
 *       by {@code hook} and {@code stage};</li>
 * </ul>
 *
 * plus the gauges {@link ScrapeGauges} reads at each scrape. Every series carries
 * {@code cluster}, {@code node_type=broker} and {@code node_id}.
 *
 * <p>Cost: a meter is looked up in a map keyed by what the caller already holds (topic, hook,
 * request code) and created once; recording is an adder's add.
 */
public final class PrometheusMetrics implements BrokerMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);
    private static final double[] MESSAGE_SIZE_BUCKETS = {1024, 4096, 512 * 1024, 1024 * 1024, 2 * 1024 * 1024,
            4 * 1024 * 1024};
    private static final double[] RPC_LATENCY_BUCKETS = {1, 3, 5, 7, 10, 100, 1000, 2000, 3000};
    /** From 5 µs to 5 s: a hook is meant to take microseconds, and `skiff plugins list` bounds its p99 by these. */
    private static final Duration[] HOOK_LATENCY_BUCKETS = durations(5_000, 10_000, 25_000, 50_000, 100_000, 250_000,
            500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000,
            500_000_000, 1_000_000_000, 2_500_000_000L, 5_000_000_000L);
    private static final double NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, InMeters> in = new ConcurrentHashMap<>();
    private final Map<String, Map<String, OutMeters>> out = new ConcurrentHashMap<>();
    /** By request code, then response code; long-polled answers under the negated response code. */
    private final Map<Integer, Map<Integer, DistributionSummary>> rpc = new ConcurrentHashMap<>();
    private final Map<String, HookMeters> hooks = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

    /** @param nodeId the broker's name, RocketMQ's {@code node_id} */
    public PrometheusMetrics(String cluster, String nodeId) {
        registry.config().commonTags("cluster", cluster, "node_type", "broker", "node_id", nodeId);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Everything recorded, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void messagesIn(String topic, MessageType type, int count, long bodyBytes) {
        try {
            InMeters m = in.computeIfAbsent(topic, InMeters::new);
            int t = type.ordinal();
            m.messages[t].increment(count);
            m.bytes[t].increment(bodyBytes);
            m.size[t].record((double) bodyBytes / Math.max(1, count));
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void messagesOut(String topic, String group, int count, long bytes) {
        try {
            OutMeters m = out.computeIfAbsent(topic, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(group == null ? "" : group, g -> new OutMeters(topic, g));
            m.messages.increment(count);
            m.bytes.increment(bytes);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void answered(int requestCode, int responseCode, boolean longPolled, long nanos) {
        try {
            int key = longPolled ? -responseCode - 1 : responseCode;
            rpc.computeIfAbsent(requestCode, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(key, r -> rpcMeter(requestCode, responseCode, longPolled))
                    .record(nanos / NANOS_PER_MILLI);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void hookCalled(String hook, HookStage stage, long nanos, boolean failed) {
        try {
            HookMeters m = hooks.computeIfAbsent(hook, HookMeters::new);
            int s = stage.ordinal();
            m.latency[s].record(nanos, TimeUnit.NANOSECONDS);
            if (failed) {
                m.failures[s].increment();
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /**
     * A figure that could not be recorded costs that figure only: the send, pull or answer it
     * belongs to goes on. Said once, then every 10 000th time.
     */
    private void failed(RuntimeException e) {
        long n = failures.incrementAndGet();
        if (n == 1 || n % 10_000 == 0) {
            LOG.warn("Recording a metric failed ({} so far); the broker goes on without it", n, e);
        }
    }

    @Override
    public Map<String, HookFigures> hookFigures() {
        Map<String, HookFigures> figures = new LinkedHashMap<>();
        hooks.forEach((name, m) -> figures.put(name, m.figures()));
        return figures;
    }

    private static Duration[] durations(long... nanos) {
        Duration[] d = new Duration[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            d[i] = Duration.ofNanos(nanos[i]);
        }
        return d;
    }

    private DistributionSummary rpcMeter(int requestCode, int responseCode, boolean longPolled) {
        // Exported as rocketmq_rpc_latency_milliseconds_*, the name RocketMQ's exporter gives it.
        return DistributionSummary.builder("rocketmq_rpc_latency").baseUnit("milliseconds")
                .description("Time from a request's arrival to its answer")
                .tags("protocol_type", "remoting", "request_code", RemotingCodeNames.request(requestCode),
                        "response_code", RemotingCodeNames.response(responseCode), "is_long_polling",
                        Boolean.toString(longPolled), "result",
                        responseCode == 0 ? "success" : "failure")
                .serviceLevelObjectives(RPC_LATENCY_BUCKETS)
                .register(registry);
    }

    /** Per topic, per message type: messages, bytes and the size histogram of sends. */
    private final class InMeters {
        final Counter[] messages = new Counter[MessageType.values().length];
        final Counter[] bytes = new Counter[MessageType.values().length];
        final DistributionSummary[] size = new DistributionSummary[MessageType.values().length];

        InMeters(String topic) {
            String system = Boolean.toString(TopicNames.isSystem(topic));
            for (MessageType type : MessageType.values()) {
                Tags tags = Tags.of("topic", topic, "message_type", type.label(), "is_system", system);
                int t = type.ordinal();
                messages[t] = Counter.builder("rocketmq_messages_in").description("Messages stored by sends")
                        .tags(tags).register(registry);
                bytes[t] = Counter.builder("rocketmq_throughput_in").description("Message body bytes stored by sends")
                        .tags(tags).register(registry);
                size[t] = DistributionSummary.builder("rocketmq_message_size")
                        .description("Size of a stored message's body in bytes").tags(tags)
                        .serviceLevelObjectives(MESSAGE_SIZE_BUCKETS).register(registry);
            }
        }
    }

    /** Per topic and consumer group: messages and bytes handed out by pulls. */
    private final class OutMeters {
        final Counter messages;
        final Counter bytes;

        OutMeters(String topic, String group) {
            Tags tags = Tags.of("topic", topic, "consumer_group", group, "is_system",
                    Boolean.toString(TopicNames.isSystem(topic)));
            messages = Counter.builder("rocketmq_messages_out").description("Messages handed to consumers by pulls")
                    .tags(tags).register(registry);
            bytes = Counter.builder("rocketmq_throughput_out").description("Bytes handed to consumers by pulls")
                    .tags(tags).register(registry);
        }
    }

    /** Per send hook, per side of the store: call time and failures. */
    private final class HookMeters {
        final Timer[] latency = new Timer[HookStage.values().length];
        final Counter[] failures = new Counter[HookStage.values().length];

        HookMeters(String hook) {
            for (HookStage stage : HookStage.values()) {
                Tags tags = Tags.of("hook", hook, "stage", stage.label());
                latency[stage.ordinal()] = Timer.builder("skiff_send_hook_latency")
                        .description("Time of one send hook call").tags(tags)
                        .serviceLevelObjectives(HOOK_LATENCY_BUCKETS).register(registry);
                failures[stage.ordinal()] = Counter.builder("skiff_send_hook_failures")
                        .description("Send hook calls that threw").tags(tags).register(registry);
            }
        }

        HookFigures figures() {
            long calls = 0;
            long failed = 0;
            // Cumulative counts by bucket bound, both sides added up.
            java.util.TreeMap<Double, Double> atOrBelow = new java.util.TreeMap<>();
            for (HookStage stage : HookStage.values()) {
                HistogramSnapshot snapshot = latency[stage.ordinal()].takeSnapshot();
                calls += snapshot.count();
                failed += (long) failures[stage.ordinal()].count();
                for (CountAtBucket bucket : snapshot.histogramCounts()) {
                    atOrBelow.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
                }
            }
            double p99 = 0;
            if (calls > 0) {
                p99 = Double.POSITIVE_INFINITY;
                for (java.util.Map.Entry<Double, Double> e : atOrBelow.entrySet()) {
                    if (e.getValue() >= 0.99 * calls) {
                        p99 = e.getKey();
                        break;
                    }
                }
            }
            return new HookFigures(calls, failed, p99);
        }
    }
}

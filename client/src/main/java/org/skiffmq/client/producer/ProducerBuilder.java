package org.skiffmq.client.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.transport.TlsConfig;
import org.skiffmq.client.fault.LatencyFaultStrategy;
import org.skiffmq.client.internal.send.MessageChecks;

/**
 * Settings of a {@link Producer}; every one but the group and the name servers has RocketMQ's default.
 *
 * <pre>
 * Producer producer = Producer.builder("PG_ORDERS")
 *         .nameServer("10.0.0.1:9876;10.0.0.2:9876")
 *         .faultStrategy("latency")
 *         .hook(new AuditHook())
 *         .build();
 * </pre>
 */
public final class ProducerBuilder {
    static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
    static final int DEFAULT_COMPRESS_OVER = 4 * 1024;

    final String group;
    List<String> nameServers = List.of();
    Duration sendTimeout = Duration.ofSeconds(3);
    int retries = 2;
    String faultStrategyName = LatencyFaultStrategy.NAME;
    FaultStrategy faultStrategy;
    final List<String> hookNames = new ArrayList<>();
    final List<SendHook> hooks = new ArrayList<>();
    int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    int compressOver = DEFAULT_COMPRESS_OVER;
    String instanceName = "DEFAULT";
    String transport = "netty";
    TlsConfig tls = TlsConfig.disabled();
    Duration routeRefreshInterval = Duration.ofSeconds(30);
    Duration heartbeatInterval = Duration.ofSeconds(30);
    Duration callTimeout = Duration.ofSeconds(3);

    ProducerBuilder(String group) {
        MessageChecks.checkGroup(group);
        this.group = group;
    }

    /** Name-server addresses, {@code ip:port} separated by {@code ;} (as RocketMQ's namesrvAddr). */
    public ProducerBuilder nameServer(String addresses) {
        Objects.requireNonNull(addresses, "addresses");
        return nameServers(Arrays.stream(addresses.split(";")).map(String::trim).filter(a -> !a.isEmpty()).toList());
    }

    public ProducerBuilder nameServers(List<String> addresses) {
        this.nameServers = List.copyOf(addresses);
        return this;
    }

    /** How long a send may take, retries included, unless the call names its own (default 3 s). */
    public ProducerBuilder sendTimeout(Duration timeout) {
        this.sendTimeout = positive(timeout, "sendTimeout");
        return this;
    }

    /** Extra attempts after a failed sync or async send, on another broker where there is one (default 2). */
    public ProducerBuilder retries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, was " + retries);
        }
        this.retries = retries;
        return this;
    }

    /**
     * The fault strategy by name: {@code latency} (default) or {@code round-robin}, or one a
     * plugin jar provides (found with ServiceLoader when the producer is built).
     */
    public ProducerBuilder faultStrategy(String name) {
        this.faultStrategyName = Objects.requireNonNull(name, "name");
        this.faultStrategy = null;
        return this;
    }

    /** A fault strategy instance of your own (e.g. one with a test clock); used by this producer only. */
    public ProducerBuilder faultStrategy(FaultStrategy strategy) {
        this.faultStrategy = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /** Adds a client send hook; hooks run in the order they were added, named ones first. */
    public ProducerBuilder hook(SendHook hook) {
        hooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Adds client send hooks by name, found with ServiceLoader as the broker finds its own. */
    public ProducerBuilder hooks(String... names) {
        hookNames.addAll(Arrays.asList(names));
        return this;
    }

    /** The largest body (or encoded batch) the producer sends (default 4 MiB, the broker's default limit). */
    public ProducerBuilder maxMessageSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, was " + bytes);
        }
        this.maxMessageSize = bytes;
        return this;
    }

    /** Bodies of at least this many bytes are sent zlib-compressed (default 4 KiB; Integer.MAX_VALUE turns it off). */
    public ProducerBuilder compressBodyOver(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("compressBodyOver must be positive, was " + bytes);
        }
        this.compressOver = bytes;
        return this;
    }

    /**
     * Producers with the same instance name share one client instance (connections, routes,
     * scheduled tasks) and must agree on its settings: name servers, transport and intervals.
     */
    public ProducerBuilder instanceName(String name) {
        this.instanceName = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * TLS to the name servers and brokers, e.g. {@code new TlsConfig(Mode.ENFORCING, null, null,
     * null, "ca.pem", null)}: the servers' certificates are checked against {@code trustPath} (or
     * the JVM's trust store when it is null); give a certificate and key for servers that require
     * one. Default: none.
     */
    public ProducerBuilder tls(TlsConfig value) {
        this.tls = Objects.requireNonNull(value, "tls");
        return this;
    }

    /** The transport's name (default {@code netty}). */
    public ProducerBuilder transport(String name) {
        this.transport = Objects.requireNonNull(name, "name");
        return this;
    }

    /** How often topic routes are fetched again (default 30 s). */
    public ProducerBuilder routeRefreshInterval(Duration interval) {
        this.routeRefreshInterval = positive(interval, "routeRefreshInterval");
        return this;
    }

    /** How often every broker gets a heartbeat (default 30 s). */
    public ProducerBuilder heartbeatInterval(Duration interval) {
        this.heartbeatInterval = positive(interval, "heartbeatInterval");
        return this;
    }

    /** Timeout of route lookups, heartbeats and unregistering (default 3 s). */
    public ProducerBuilder callTimeout(Duration timeout) {
        this.callTimeout = positive(timeout, "callTimeout");
        return this;
    }

    /**
     * The producer, not yet started.
     *
     * @throws IllegalArgumentException when no name server is set, or a named fault strategy or hook is not installed
     */
    public Producer build() {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("Producer " + group + " has no name server: call"
                    + " nameServer(\"ip:port;ip:port\") on the builder");
        }
        return new Producer(this);
    }

    /**
     * A transactional producer with these settings, not yet started; {@code listener} runs its
     * local transactions and answers the broker's checks.
     *
     * @throws IllegalArgumentException as {@link #build()}, or when {@code listener} is null
     */
    public TransactionProducer buildTransactional(TransactionListener listener) {
        return new TransactionProducer(build(), listener);
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value;
    }
}

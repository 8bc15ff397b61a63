package org.skiffmq.kernel.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's configuration file ({@code conf/broker.yaml} or {@code .json}). Every key has a
 * default, so an empty file runs a standalone broker with an embedded name server on 127.0.0.1.
 * Top-level keys that are not settings are kept as plugin sections, by extension name.
 */
public final class SkiffConfig {
    /** The {@code nameServer} value that starts a name server inside the broker process. */
    public static final String EMBEDDED = "embedded";

    @JsonProperty private String brokerName = "broker-a";
    @JsonProperty private String clusterName = "DefaultCluster";
    @JsonProperty private String region = "DefaultRegion";
    @JsonProperty private String listen = "127.0.0.1:10911";
    @JsonProperty private String advertise;
    @JsonProperty private String nameServer = EMBEDDED;
    @JsonProperty private String nameServerListen = "127.0.0.1:9876";
    @JsonProperty private boolean autoCreateTopic = true;
    @JsonProperty private int defaultTopicQueues = 8;
    @JsonProperty private int registerIntervalSeconds = 30;
    @JsonProperty private TransportSection transport = TransportSection.defaults();
    @JsonProperty private StoreSection store = StoreSection.defaults();
    @JsonProperty private SendSection send = SendSection.defaults();
    @JsonProperty private ConsumeSection consume = ConsumeSection.defaults();
    @JsonProperty private TransactionSection transactions = TransactionSection.defaults();
    @JsonProperty private MetricsSection metrics = MetricsSection.defaults();
    @JsonProperty private PluginsSection plugins = PluginsSection.defaults();
    @JsonProperty private AccessSection access = AccessSection.defaults();
    private final Map<String, Object> pluginSections = new LinkedHashMap<>();

    public static SkiffConfig defaults() {
        return new SkiffConfig();
    }

    @JsonAnySetter
    void pluginSection(String name, Object value) {
        pluginSections.put(name, value);
    }

    /** Top-level sections that are not SkiffMQ settings: plugin settings by extension name. */
    public Map<String, Object> pluginSections() {
        return pluginSections;
    }

    public String brokerName() {
        return brokerName;
    }

    public SkiffConfig brokerName(String value) {
        brokerName = value;
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public String region() {
        return region;
    }

    /** {@code host:port} the broker listens on (port 0 = any free port). */
    public String listen() {
        return listen;
    }

    public SkiffConfig listen(String value) {
        listen = value;
        return this;
    }

    /** {@code host:port} clients should dial, when it differs from {@link #listen()}; else null. */
    public String advertise() {
        return advertise;
    }

    /** {@code embedded}, or name-server addresses separated by {@code ;}. */
    public String nameServer() {
        return nameServer;
    }

    public SkiffConfig nameServer(String value) {
        nameServer = value;
        return this;
    }

    public boolean embeddedNameServer() {
        return EMBEDDED.equalsIgnoreCase(nameServer.trim());
    }

    /** The name-server addresses when not embedded. */
    public List<String> nameServerAddresses() {
        return List.of(nameServer.trim().split("\\s*;\\s*"));
    }

    /** {@code host:port} the embedded name server listens on. */
    public String nameServerListen() {
        return nameServerListen;
    }

    public SkiffConfig nameServerListen(String value) {
        nameServerListen = value;
        return this;
    }

    public boolean autoCreateTopic() {
        return autoCreateTopic;
    }

    public SkiffConfig autoCreateTopic(boolean value) {
        autoCreateTopic = value;
        return this;
    }

    public int defaultTopicQueues() {
        return defaultTopicQueues;
    }

    /** How often the broker re-registers with the name servers (RocketMQ: 30 s). */
    public int registerIntervalSeconds() {
        return registerIntervalSeconds;
    }

    public SkiffConfig registerIntervalSeconds(int value) {
        registerIntervalSeconds = value;
        return this;
    }

    public TransportSection transport() {
        return transport;
    }

    public SkiffConfig transport(TransportSection value) {
        transport = value;
        return this;
    }

    public StoreSection store() {
        return store;
    }

    public SkiffConfig store(StoreSection value) {
        store = value;
        return this;
    }

    public SendSection send() {
        return send;
    }

    public SkiffConfig send(SendSection value) {
        send = value;
        return this;
    }

    public TransactionSection transactions() {
        return transactions;
    }

    public SkiffConfig transactions(TransactionSection value) {
        transactions = value;
        return this;
    }

    public MetricsSection metrics() {
        return metrics;
    }

    public SkiffConfig metrics(MetricsSection value) {
        metrics = value;
        return this;
    }

    public ConsumeSection consume() {
        return consume;
    }

    public SkiffConfig consume(ConsumeSection value) {
        consume = value;
        return this;
    }

    public AccessSection access() {
        return access;
    }

    public SkiffConfig access(AccessSection value) {
        access = value;
        return this;
    }

    public PluginsSection plugins() {
        return plugins;
    }

    public SkiffConfig plugins(PluginsSection value) {
        plugins = value;
        return this;
    }
}

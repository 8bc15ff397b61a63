package org.skiffmq.kernel.broker.topic;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.skiffmq.kernel.io.AtomicFile;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.DataVersion;
import org.skiffmq.kernel.protocol.Perm;
import org.skiffmq.kernel.protocol.TopicConfig;
import org.skiffmq.kernel.protocol.TopicConfigWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's topics. Owns {@code <data>/config/topics.json}: a JSON map of topic name to
 * TopicConfig, replaced whole through {@link AtomicFile} on every change, so a crash leaves the
 * old or the new table, never half of one. Lookups are lock-free; changes are serialized.
 * Listeners hear of every change (the name-server registrar re-registers on them).
 */
public final class TopicConfigTable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigTable.class);

    private final Path file;
    private final Clock clock;
    private volatile boolean autoCreate;
    private volatile int templateQueues;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private volatile DataVersion version;
    private volatile Consumer<byte[]> publisher = table -> { };

    /**
     * @param file           where the table persists
     * @param autoCreate     whether unknown topics are created from the TBW102 template
     * @param templateQueues queues of the TBW102 template (RocketMQ: 8)
     */
    public TopicConfigTable(Path file, Clock clock, boolean autoCreate, int templateQueues) {
        this.file = file;
        this.clock = clock;
        this.autoCreate = autoCreate;
        this.templateQueues = templateQueues;
        this.version = new DataVersion(0, 0, clock.millis());
    }

    /** Reads the persisted table, if any, and adds the auto-create template. Creates no file. */
    public void load() throws IOException {
        if (Files.exists(file)) {
            Map<String, TopicConfig> saved;
            try {
                saved = Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, TopicConfig>>() { });
            } catch (IOException e) {
                throw new IOException("cannot read the topic table " + file + ": " + e.getMessage()
                        + "; fix or remove the file (topics are then re-created on use)", e);
            }
            topics.putAll(saved);
        }
        if (autoCreate) {
            topics.put(TopicNames.AUTO_CREATE_TEMPLATE,
                    TopicConfig.of(TopicNames.AUTO_CREATE_TEMPLATE, templateQueues, Perm.READ_WRITE | Perm.INHERIT));
        } else {
            topics.remove(TopicNames.AUTO_CREATE_TEMPLATE);
        }
    }

    public TopicConfig get(String topic) {
        return topics.get(topic);
    }

    public boolean autoCreate() {
        return autoCreate;
    }

    public int templateQueues() {
        return templateQueues;
    }

    /**
     * Turns the creation of unknown topics on or off and sizes its TBW102 template, while the
     * broker runs (UPDATE_BROKER_CONFIG); the configuration file decides again at the next start.
     */
    public void reconfigureAutoCreate(boolean on, int queues) {
        synchronized (this) {
            autoCreate = on;
            templateQueues = queues;
            if (on) {
                topics.put(TopicNames.AUTO_CREATE_TEMPLATE,
                        TopicConfig.of(TopicNames.AUTO_CREATE_TEMPLATE, queues, Perm.READ_WRITE | Perm.INHERIT));
            } else {
                topics.remove(TopicNames.AUTO_CREATE_TEMPLATE);
            }
            version = version.next(clock.millis());
        }
        LOG.info("Auto-creation of topics {}, {} queues each", on ? "on" : "off", queues);
        fireChanged();
    }

    /**
     * Creates an unknown topic from a template topic, as a send with {@code defaultTopic} asks:
     * {@code min(requestedQueues, template's write queues)} queues, the template's permission without
     * INHERIT. Returns the topic's config (existing or new), or null when the template does not
     * exist or is not inheritable.
     */
    public TopicConfig createFromTemplate(String topic, String templateTopic, int requestedQueues) throws IOException {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig template = topics.get(templateTopic);
        if (template == null || !Perm.isInherited(template.perm())) {
            return null;
        }
        int queues = Math.max(1, Math.min(requestedQueues, template.writeQueueNums()));
        TopicConfig created;
        synchronized (this) {
            existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            created = TopicConfig.of(topic, queues, template.perm() & ~Perm.INHERIT);
            topics.put(topic, created);
            persistAndBump();
        }
        LOG.info("Created topic {} with {} queues from template {}", topic, queues, templateTopic);
        fireChanged();
        return created;
    }

    /** The topic's config, creating it with {@code queues} queues and {@code perm} when it does not exist. */
    public TopicConfig ensure(String topic, int queues, int perm) throws IOException {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig created;
        synchronized (this) {
            existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            created = TopicConfig.of(topic, queues, perm);
            topics.put(topic, created);
            persistAndBump();
        }
        LOG.info("Created topic {} with {} queues", topic, queues);
        fireChanged();
        return created;
    }

    /** Creates or replaces a topic (UPDATE_AND_CREATE_TOPIC). */
    public void put(TopicConfig config) throws IOException {
        synchronized (this) {
            topics.put(config.topicName(), config);
            persistAndBump();
        }
        LOG.info("Topic {} set to {} read / {} write queues, perm {}", config.topicName(), config.readQueueNums(),
                config.writeQueueNums(), config.perm());
        fireChanged();
    }

    /** Removes a topic (DELETE_TOPIC_IN_BROKER); false when there was none. */
    public boolean remove(String topic) throws IOException {
        synchronized (this) {
            if (topics.remove(topic) == null) {
                return false;
            }
            persistAndBump();
        }
        LOG.info("Topic {} deleted", topic);
        fireChanged();
        return true;
    }

    /** A consistent copy of the table for GET_ALL_TOPIC_CONFIG and REGISTER_BROKER. */
    public TopicConfigWrapper snapshot() {
        return TopicConfigWrapper.of(version, new TreeMap<>(topics));
    }

    public synchronized void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Who is handed the table's file content after each change (a replicated store's master publishes it). */
    public void setPublisher(Consumer<byte[]> publisher) {
        this.publisher = publisher == null ? table -> { } : publisher;
    }

    /**
     * Hands the table as its file holds it to the publisher now, under the table's lock, so a
     * change made meanwhile is handed over after it, never before.
     */
    public synchronized void publishNow() {
        publisher.accept(Json.toBytes(persistentTable()));
    }

    /**
     * Replaces the whole table with one the replica group's master published (the content of
     * its topics file), on a member that follows it; nothing happens when it is the same.
     */
    public void replaceFromReplica(byte[] published) throws IOException {
        Map<String, TopicConfig> table = Json.mapper().readValue(published,
                new TypeReference<Map<String, TopicConfig>>() { });
        synchronized (this) {
            if (table.equals(persistentTable())) {
                return;
            }
            TopicConfig template = topics.get(TopicNames.AUTO_CREATE_TEMPLATE);
            topics.clear();
            topics.putAll(table);
            if (template != null) {
                topics.put(TopicNames.AUTO_CREATE_TEMPLATE, template);
            }
            AtomicFile.write(file, published);
            version = version.next(clock.millis());
        }
        LOG.info("Topic table replaced by the replica group's master's: {} topics", table.size());
        fireChanged();
    }

    private Map<String, TopicConfig> persistentTable() {
        Map<String, TopicConfig> persistent = new TreeMap<>(topics);
        persistent.remove(TopicNames.AUTO_CREATE_TEMPLATE);
        return persistent;
    }

    private void persistAndBump() throws IOException {
        byte[] content = Json.toBytes(persistentTable());
        AtomicFile.write(file, content);
        version = version.next(clock.millis());
        publisher.accept(content);
    }

    private void fireChanged() {
        List<Runnable> copy;
        synchronized (this) {
            copy = new ArrayList<>(listeners);
        }
        copy.forEach(Runnable::run);
    }
}

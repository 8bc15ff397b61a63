package org.skiffmq.kernel.broker.group;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.skiffmq.kernel.io.AtomicFile;
import org.skiffmq.kernel.json.Json;
import org.skiffmq.kernel.protocol.DataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's consumer groups ({@code config/subscriptionGroup.json}): created when a consumer of
 * a new group first sends its heartbeat, or by an admin request, with RocketMQ's defaults; written
 * atomically on every change.
 */
public final class SubscriptionGroupTable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroupTable.class);

    private final Path file;
    private final Clock clock;
    private final Map<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    private volatile DataVersion version;
    private volatile Consumer<byte[]> publisher = content -> { };

    public SubscriptionGroupTable(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.version = new DataVersion(0, 0, clock.millis());
    }

    /** The body of GET_ALL_SUBSCRIPTIONGROUP_CONFIG (RocketMQ's SubscriptionGroupWrapper). */
    public record Wrapper(Map<String, SubscriptionGroupConfig> subscriptionGroupTable, DataVersion dataVersion) {
    }

    public void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try {
            groups.putAll(Json.mapper().readValue(file.toFile(),
                    new TypeReference<Map<String, SubscriptionGroupConfig>>() { }));
        } catch (IOException e) {
            throw new IOException("cannot read the consumer groups " + file + ": " + e.getMessage()
                    + "; fix or remove the file (groups are then re-created as their consumers appear)", e);
        }
    }

    /** The group's settings, or null when it is not known. */
    public SubscriptionGroupConfig get(String group) {
        return groups.get(group);
    }

    /** The group's settings, created with RocketMQ's defaults when it is new. */
    public SubscriptionGroupConfig ensure(String group) throws IOException {
        SubscriptionGroupConfig existing = groups.get(group);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = groups.get(group);
            if (existing != null) {
                return existing;
            }
            SubscriptionGroupConfig created = SubscriptionGroupConfig.defaults(group);
            groups.put(group, created);
            persist();
            LOG.info("Consumer group {} created", group);
            return created;
        }
    }

    public void put(SubscriptionGroupConfig config) throws IOException {
        synchronized (this) {
            groups.put(config.groupName(), config);
            persist();
        }
        LOG.info("Consumer group {} set: {}", config.groupName(), config);
    }

    /** Removes a group; false when there was none. */
    public boolean remove(String group) throws IOException {
        synchronized (this) {
            if (groups.remove(group) == null) {
                return false;
            }
            persist();
        }
        LOG.info("Consumer group {} deleted", group);
        return true;
    }

    public Wrapper snapshot() {
        return new Wrapper(new TreeMap<>(groups), version);
    }

    /** Who is handed the table's file content after each change (a replicated store's master publishes it). */
    public void setPublisher(Consumer<byte[]> publisher) {
        this.publisher = publisher == null ? content -> { } : publisher;
    }

    /** Hands the table to the publisher now, under the table's lock, so no later change overtakes it. */
    public synchronized void publishNow() {
        publisher.accept(Json.toBytes(new TreeMap<>(groups)));
    }

    /** Replaces the table with the one the replica group's master published, on a member that follows it. */
    public void replaceFromReplica(byte[] published) throws IOException {
        Map<String, SubscriptionGroupConfig> table = Json.mapper().readValue(published,
                new TypeReference<Map<String, SubscriptionGroupConfig>>() { });
        synchronized (this) {
            if (table.equals(new TreeMap<>(groups))) {
                return;
            }
            groups.clear();
            groups.putAll(table);
            AtomicFile.write(file, published);
            version = version.next(clock.millis());
        }
        LOG.info("Consumer groups replaced by the replica group's master's: {} groups", table.size());
    }

    private void persist() throws IOException {
        byte[] content = Json.toBytes(new TreeMap<>(groups));
        AtomicFile.write(file, content);
        version = version.next(clock.millis());
        publisher.accept(content);
    }
}

package org.skiffmq.kernel.broker.consume;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.skiffmq.kernel.io.AtomicFile;
import org.skiffmq.kernel.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed consumer offsets, by {@code topic@group} and queue id: the next message each group
 * will consume. Owns {@code <data>/config/consumerOffset.json}
 * ({@code {"offsetTable":{"topic@group":{"0":5,"1":3}}}}), replaced whole through
 * {@link AtomicFile}, so a crash leaves the previous or the new table and never a torn one. Updates are lock-free; persisting takes a consistent-enough snapshot (each
 * queue's value is one committed offset) and writes it, one persist at a time.
 */
public final class ConsumerOffsetTable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsetTable.class);

    /** The file's shape. */
    record OffsetFile(Map<String, Map<Integer, Long>> offsetTable) {
    }

    private final Path file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    private volatile boolean dirty;
    private volatile Consumer<byte[]> publisher = table -> { };

    public ConsumerOffsetTable(Path file) {
        this.file = file;
    }

    /** Reads the persisted offsets, if any. */
    public void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        OffsetFile saved;
        try {
            saved = Json.mapper().readValue(file.toFile(), new TypeReference<OffsetFile>() { });
        } catch (IOException e) {
            throw new IOException("cannot read consumer offsets " + file + ": " + e.getMessage()
                    + "; restore it from backup or remove it (groups then start as new)", e);
        }
        if (saved.offsetTable() != null) {
            saved.offsetTable().forEach((key, queues) -> offsets.put(key, new ConcurrentHashMap<>(queues)));
        }
    }

    /**
     * Records a group's committed offset exactly as the consumer sends it: consumers move it
     * backwards on purpose (seek, reset), so the table does not second-guess them. Negative
     * offsets (4.9 clients send -1 for "none yet") are ignored.
     */
    public void commit(String group, String topic, int queueId, long offset) {
        if (offset < 0) {
            return;
        }
        offsets.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        dirty = true;
    }

    /** The committed offset, or -1 when the group has none for the queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(key(topic, group));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? -1 : offset;
    }

    /**
     * Writes the table if anything changed since the last write; returns whether the file is now
     * current. One write at a time, so a snapshot taken earlier never replaces a newer one (the
     * periodic persist and the shutdown persist may overlap).
     */
    public synchronized boolean persist() {
        if (!dirty) {
            return true;
        }
        dirty = false;
        Map<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        offsets.forEach((key, queues) -> snapshot.put(key, new TreeMap<>(queues)));
        try {
            byte[] content = Json.toBytes(new OffsetFile(snapshot));
            AtomicFile.write(file, content);
            publisher.accept(content);
            return true;
        } catch (IOException e) {
            dirty = true;
            LOG.error("Could not persist consumer offsets to {}: {}", file, e.toString());
            return false;
        }
    }

    /** Who is handed the file's content after each write (a replicated store's master publishes it). */
    public void setPublisher(Consumer<byte[]> publisher) {
        this.publisher = publisher == null ? table -> { } : publisher;
    }

    /**
     * Hands the whole table as its file holds it to the publisher now, under the lock persists
     * take, so a persist made meanwhile is handed over after it, never before.
     */
    public synchronized void publishNow() {
        Map<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        offsets.forEach((key, queues) -> snapshot.put(key, new TreeMap<>(queues)));
        publisher.accept(Json.toBytes(new OffsetFile(snapshot)));
    }

    /**
     * Replaces every offset with those the replica group's master published (the content of its
     * offsets file), on a member that follows it, and writes them to this member's file.
     */
    public synchronized void replaceFromReplica(byte[] published) throws IOException {
        OffsetFile saved = Json.mapper().readValue(published, new TypeReference<OffsetFile>() { });
        offsets.clear();
        if (saved.offsetTable() != null) {
            saved.offsetTable().forEach((key, queues) -> offsets.put(key, new ConcurrentHashMap<>(queues)));
        }
        AtomicFile.write(file, published);
        dirty = false;
    }

    /** Every group with a committed offset (a topic name holds no '@', so the key splits at its first). */
    public java.util.Set<String> groups() {
        java.util.Set<String> groups = new java.util.TreeSet<>();
        for (String key : offsets.keySet()) {
            groups.add(key.substring(key.indexOf('@') + 1));
        }
        return groups;
    }

    /** The topics {@code group} has committed offsets for. */
    public java.util.Set<String> topics(String group) {
        java.util.Set<String> topics = new java.util.TreeSet<>();
        String suffix = "@" + group;
        for (String key : offsets.keySet()) {
            if (key.endsWith(suffix)) {
                topics.add(key.substring(0, key.length() - suffix.length()));
            }
        }
        return topics;
    }

    /** The committed offsets of {@code group} for {@code topic}, by queue. */
    public Map<Integer, Long> queues(String group, String topic) {
        Map<Integer, Long> queues = offsets.get(key(topic, group));
        return queues == null ? Map.of() : Map.copyOf(queues);
    }

    private static String key(String topic, String group) {
        return topic + "@" + group;
    }
}

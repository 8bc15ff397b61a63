package org.skiffmq.store.raft.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many messages of each queue the applied Raft entries hold: the queue offset the next
 * applied message of a queue gets. After a restart the local store may hold more than the last
 * snapshot counted (it kept writing after it); comparing the two tells the state machine which
 * replayed entries are already stored, so none is stored twice.
 */
final class QueueEnds {
    private static final String HEADER = "skiffmq raft snapshot v1";

    private final Map<String, Long> next = new HashMap<>();

    /** The queue offset the next applied message of (topic, queueId) gets. */
    long next(String topic, int queueId) {
        return next.getOrDefault(key(topic, queueId), 0L);
    }

    void advance(String topic, int queueId, int messages) {
        next.merge(key(topic, queueId), (long) messages, Long::sum);
    }

    /** Every queue with its end, as {@code topic}, {@code queueId}, {@code end}. */
    Map<String, Long> copy() {
        return Map.copyOf(next);
    }

    void replace(Map<String, Long> table) {
        next.clear();
        next.putAll(table);
    }

    static String topicOf(String key) {
        return key.substring(0, key.lastIndexOf('\t'));
    }

    static int queueIdOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('\t') + 1));
    }

    /** Writes a table as text: a header line, then {@code topic<TAB>queueId<TAB>end} per queue. */
    static void write(Map<String, Long> table, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Map.Entry<String, Long> e : table.entrySet()) {
                out.write(e.getKey() + "\t" + e.getValue() + "\n");
            }
        }
    }

    /** Reads a table {@link #write} wrote. */
    static Map<String, Long> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a SkiffMQ raft snapshot (no '" + HEADER + "' header)");
        }
        Map<String, Long> table = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int last = line.lastIndexOf('\t');
            try {
                String key = line.substring(0, last);
                queueIdOf(key);
                table.put(key, Long.parseLong(line.substring(last + 1)));
            } catch (RuntimeException e) {
                throw new IOException(file + ": unreadable line '" + line + "'", e);
            }
        }
        return table;
    }

    private static String key(String topic, int queueId) {
        return topic + "\t" + queueId;
    }
}

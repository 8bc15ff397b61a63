package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every consume queue of the store, by topic then queue id: owns {@code <dir>/consumequeue/}.
 *
 * <pre>
 *   consumequeue/
 *     TopicTest/
 *       0/00000000000000000000
 *       1/00000000000000000000  00000000000006000000 ...
 * </pre>
 *
 * Threading: lookups are lock-free and allocate nothing (a topic map, then an array indexed by
 * queue id); a queue is created once under the topic's monitor, outside the append lock.
 */
final class ConsumeQueueTable {
    /** Queue ids the store accepts: 0 .. MAX_QUEUE_ID. */
    static final int MAX_QUEUE_ID = 65535;

    private final FileOps ops;
    private final Path dir;
    private final int entriesPerFile;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

    ConsumeQueueTable(Path dir, int entriesPerFile) {
        this(FileOps.DISK, dir, entriesPerFile);
    }

    ConsumeQueueTable(FileOps ops, Path dir, int entriesPerFile) {
        this.ops = ops;
        this.dir = dir;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens every queue found on disk. */
    void load() throws IOException {
        ops.createDirectories(dir);
        try (Stream<Path> topicDirs = Files.list(dir)) {
            for (Path topicDir : topicDirs.filter(Files::isDirectory).toList()) {
                String topic = topicDir.getFileName().toString();
                try (Stream<Path> queueDirs = Files.list(topicDir)) {
                    for (Path queueDir : queueDirs.filter(Files::isDirectory).toList()) {
                        int queueId = parseQueueId(queueDir.getFileName().toString());
                        if (queueId >= 0) {
                            getOrCreate(topic, queueId);
                        }
                    }
                }
            }
        }
    }

    private static int parseQueueId(String name) {
        try {
            int id = Integer.parseInt(name);
            return id >= 0 && id <= MAX_QUEUE_ID ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The queue, or null when it was never written. */
    ConsumeQueue get(String topic, int queueId) {
        Topic t = topics.get(topic);
        if (t == null) {
            return null;
        }
        ConsumeQueue[] queues = t.queues;
        return queueId >= 0 && queueId < queues.length ? queues[queueId] : null;
    }

    /**
     * The queue, opened or created on first use.
     *
     * @throws IllegalArgumentException when the topic or queue id cannot name a directory
     */
    ConsumeQueue getOrCreate(String topic, int queueId) throws IOException {
        ConsumeQueue cq = get(topic, queueId);
        if (cq != null) {
            return cq;
        }
        if (queueId < 0 || queueId > MAX_QUEUE_ID) {
            throw new IllegalArgumentException("queueId " + queueId + " is outside 0.." + MAX_QUEUE_ID);
        }
        Topic t = topics.get(topic);
        if (t == null) {
            checkTopic(topic);
            t = topics.computeIfAbsent(topic, k -> new Topic());
        }
        synchronized (t) {
            ConsumeQueue[] queues = t.queues;
            if (queueId < queues.length && queues[queueId] != null) {
                return queues[queueId];
            }
            cq = ConsumeQueue.open(ops, topic, queueId, dir.resolve(topic).resolve(Integer.toString(queueId)),
                    entriesPerFile);
            ConsumeQueue[] grown = queueId < queues.length ? queues.clone()
                    : Arrays.copyOf(queues, queueId + 1);
            grown[queueId] = cq;
            t.queues = grown;
            return cq;
        }
    }

    /** RocketMQ's topic characters, which are also safe as a directory name. */
    static void checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic is empty");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '%' || c == '|';
            if (!ok) {
                throw new IllegalArgumentException("topic '" + topic + "' has character '" + c
                        + "'; allowed are letters, digits, _ - % |");
            }
        }
    }

    /** The ids of the topic's queues, ascending; empty for an unknown topic. */
    Set<Integer> queueIds(String topic) {
        Topic t = topic == null ? null : topics.get(topic);
        if (t == null) {
            return Set.of();
        }
        SortedSet<Integer> ids = new TreeSet<>();
        ConsumeQueue[] queues = t.queues;
        for (int id = 0; id < queues.length; id++) {
            if (queues[id] != null) {
                ids.add(id);
            }
        }
        return Collections.unmodifiableSortedSet(ids);
    }

    /** Calls {@code action} for every queue. */
    void forEach(Consumer<ConsumeQueue> action) {
        for (Topic t : topics.values()) {
            for (ConsumeQueue cq : t.queues) {
                if (cq != null) {
                    action.accept(cq);
                }
            }
        }
    }

    List<ConsumeQueue> all() {
        List<ConsumeQueue> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    /** Forces every queue's unflushed entries. Flush thread only. */
    void flush() {
        forEach(ConsumeQueue::flush);
    }

    /** Unmaps every queue. */
    void close() {
        forEach(ConsumeQueue::close);
    }

    private static final class Topic {
        volatile ConsumeQueue[] queues = new ConsumeQueue[0];
    }
}

package org.skiffmq.kernel.broker.schedule;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.kernel.concurrent.BoundedExecutors;
import org.skiffmq.kernel.concurrent.GuardedLoop;
import org.skiffmq.kernel.io.AtomicFile;
import org.skiffmq.kernel.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers delayed messages when they are due: walks each delay level's schedule queue in order,
 * and for each message whose store time plus the level's delay has passed, stores it again in its
 * real topic and queue. Progress per level is kept in {@code <data>/config/delayOffset.json}
 * (replaced whole, see AtomicFile), so delays survive a restart; a crash between a delivery and
 * the next write of the file delivers that message again (at least once, never lost).
 * One thread; it waits for each re-store before moving on, which keeps each level in order.
 * Only a master delivers: in a replica group the followers take the master's progress as it
 * publishes it ({@link #replaceFromReplica}), so a new master goes on where the old one stopped.
 */
public final class ScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    private static final long TICK_MILLIS = 100;
    private static final int BATCH = 32;

    private final MessageStore store;
    private final DelayLevels levels;
    private final Clock clock;
    private final Path offsetFile;
    private final long[] nextOffset;
    private final long[] nextDue;
    private final ScheduledExecutorService thread = BoundedExecutors.scheduled("skiff-schedule");
    private volatile boolean dirty;
    private volatile Consumer<byte[]> publisher = progress -> { };

    public ScheduleService(MessageStore store, DelayLevels levels, Clock clock, Path offsetFile) {
        this.store = store;
        this.levels = levels;
        this.clock = clock;
        this.offsetFile = offsetFile;
        this.nextOffset = new long[levels.max() + 1];
        this.nextDue = new long[levels.max() + 1];
    }

    /** Reads progress and starts delivering; call after the store started. */
    public void start() throws IOException {
        if (Files.exists(offsetFile)) {
            Map<Integer, Long> saved;
            try {
                saved = Json.mapper().readValue(offsetFile.toFile(), new TypeReference<Map<Integer, Long>>() { });
            } catch (IOException e) {
                throw new IOException("cannot read delay progress " + offsetFile + ": " + e.getMessage()
                        + "; remove it to redeliver every waiting delayed message", e);
            }
            saved.forEach((level, offset) -> {
                if (level >= 1 && level <= levels.max()) {
                    nextOffset[level] = offset;
                }
            });
        }
        thread.scheduleWithFixedDelay(GuardedLoop.of("Delayed delivery", this::tick), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** One pass over every level; public for tests that drive time by hand. */
    public synchronized void tick() {
        if (!store.replicaRole().master()) {
            return;
        }
        try {
            long now = clock.millis();
            for (int level = 1; level <= levels.max(); level++) {
                if (nextDue[level] <= now) {
                    deliverDue(level, now);
                }
            }
            if (dirty) {
                persist();
            }
        } catch (RuntimeException e) {
            LOG.error("Delayed delivery pass failed; retrying next tick", e);
        }
    }

    private void deliverDue(int level, long now) {
        int queueId = level - 1;
        long offset = Math.max(nextOffset[level], store.minQueueOffset(ScheduleTopic.NAME, queueId));
        while (true) {
            GetResult got = store.getMessages(ScheduleTopic.NAME, queueId, offset, BATCH, 1 << 20, MessageFilter.ALL);
            if (got.status() != GetStatus.FOUND) {
                nextOffset[level] = Math.max(offset, got.status() == GetStatus.OFFSET_TOO_SMALL ? got.nextBeginOffset()
                        : offset);
                nextDue[level] = 0;
                return;
            }
            for (ByteBuffer record : got.messages()) {
                StoredMessage m = StoredMessageCodec.decode(record.duplicate(), false);
                long due = m.getStoreTimestamp() + levels.millis(level);
                if (due > now) {
                    nextOffset[level] = offset;
                    nextDue[level] = due;
                    return;
                }
                if (!redeliver(m)) {
                    nextOffset[level] = offset;
                    nextDue[level] = now + 1000;
                    return;
                }
                offset = m.getQueueOffset() + 1;
                nextOffset[level] = offset;
                dirty = true;
            }
        }
    }

    private boolean redeliver(StoredMessage m) {
        String realTopic = m.getProperty(MessageProperties.REAL_TOPIC);
        String realQueue = m.getProperty(MessageProperties.REAL_QID);
        if (realTopic == null || realQueue == null) {
            LOG.warn("Delayed message at offset {} has no REAL_TOPIC/REAL_QID; skipped", m.getPhysicalOffset());
            return true;
        }
        BrokerMessage out = new BrokerMessage();
        out.setTopic(realTopic);
        out.setQueueId(Integer.parseInt(realQueue));
        out.setBody(m.getBody());
        out.setFlag(m.getFlag());
        out.setProperties(m.getProperties());
        out.removeProperty(MessageProperties.DELAY);
        out.removeProperty(MessageProperties.WAIT);
        out.setSysFlag(m.getSysFlag());
        out.setBornTimestamp(m.getBornTimestamp());
        out.setBornHost(m.getBornHost());
        out.setStoreHost(m.getStoreHost());
        out.setReconsumeTimes(m.getReconsumeTimes());
        PutResult result = store.put(out).join();
        if (!result.isStored()) {
            LOG.warn("Could not deliver delayed message to {}: {} {}", realTopic, result.status(), result.detail());
            return false;
        }
        return true;
    }

    /** Who is handed the progress file's content after each write (a replicated store's master publishes it). */
    public void setPublisher(Consumer<byte[]> publisher) {
        this.publisher = publisher == null ? progress -> { } : publisher;
    }

    /** The progress as its file holds it. */
    public synchronized byte[] persistentForm() {
        return Json.toBytes(progress());
    }

    /**
     * Hands the progress to the publisher now, under the lock its writes take, so progress made
     * meanwhile is handed over after it, never before.
     */
    public synchronized void publishNow() {
        publisher.accept(Json.toBytes(progress()));
    }

    /**
     * Takes the progress the replica group's master published (the content of its progress
     * file), on a member that follows it, and writes it to this member's file.
     */
    public synchronized void replaceFromReplica(byte[] published) throws IOException {
        Map<Integer, Long> saved = Json.mapper().readValue(published, new TypeReference<Map<Integer, Long>>() { });
        saved.forEach((level, offset) -> {
            if (level >= 1 && level <= levels.max()) {
                nextOffset[level] = offset;
                nextDue[level] = 0;
            }
        });
        AtomicFile.write(offsetFile, published);
        dirty = false;
    }

    private Map<Integer, Long> progress() {
        Map<Integer, Long> snapshot = new TreeMap<>();
        for (int level = 1; level <= levels.max(); level++) {
            snapshot.put(level, nextOffset[level]);
        }
        return snapshot;
    }

    private void persist() {
        dirty = false;
        try {
            byte[] content = Json.toBytes(progress());
            AtomicFile.write(offsetFile, content);
            publisher.accept(content);
        } catch (IOException e) {
            dirty = true;
            LOG.error("Could not persist delay progress to {}: {}", offsetFile, e.toString());
        }
    }

    /** Stops delivering and writes progress a last time. */
    public void shutdown() {
        BoundedExecutors.shutdown(thread);
        synchronized (this) {
            if (dirty) {
                persist();
            }
        }
    }
}

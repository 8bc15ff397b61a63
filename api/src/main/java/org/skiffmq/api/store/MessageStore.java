package org.skiffmq.api.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessage;

/**
 * Where messages live: an append-only log of records in RocketMQ's stored-message encoding, and a
 * queue per (topic, queue id) that indexes it. Thread-safe: puts and reads come from many threads.
 *
 * <p>Lifecycle: {@link #start()} opens files and recovers; {@link #shutdown()} flushes and closes.
 * A put that returns PUT_OK is durable as the flush mode promises; a put that fails wrote nothing
 * a reader can see.
 */
public interface MessageStore {

    /** Opens or creates the store's files and recovers whatever the last run left. */
    void start() throws java.io.IOException;

    /**
     * Appends one message and assigns its queue and physical offsets. The future completes when
     * the flush mode is satisfied (or the message asked not to wait: property WAIT=false).
     * It never completes exceptionally: failures are a {@link PutResult} status.
     */
    CompletableFuture<PutResult> put(BrokerMessage message);

    /**
     * Appends messages of one topic and queue with consecutive queue offsets, all or nothing.
     */
    CompletableFuture<PutResult> putBatch(List<BrokerMessage> messages);

    /**
     * Reads up to {@code maxCount} messages (and about {@code maxBytes}; at least one) of a queue
     * starting at {@code offset}, skipping those the filter rejects.
     */
    GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter);

    /** The record at a commit-log offset, or null when there is none. */
    StoredMessage readMessage(long physicalOffset);

    /** The next queue offset to be written in (topic, queueId); 0 for an unknown queue. */
    long maxQueueOffset(String topic, int queueId);

    /** The first queue offset still readable in (topic, queueId); 0 for an unknown queue. */
    long minQueueOffset(String topic, int queueId);

    /** The commit-log offset the next record will get. */
    long maxPhysicalOffset();

    /**
     * The queue offset nearest a store time: for LOWER the first message stored at or after
     * {@code timestamp} (the max offset when all are older), for UPPER the last at or before it
     * (the min offset when all are newer). 0 for an unknown queue.
     */
    long queueOffsetByTime(String topic, int queueId, long timestamp, BoundaryType boundary);

    /** The queue ids the store holds entries for in a topic (empty for an unknown topic). */
    java.util.Set<Integer> queueIds(String topic);

    /**
     * Registers the listener told of every message as it becomes readable. A store that cannot
     * tell keeps this default, and waiting pulls are re-checked on the broker's timer instead.
     */
    default void setArrivalListener(MessageArrivalListener listener) {
    }

    /** This broker's place in the store's replica group; a store of one copy is always the master. */
    default ReplicaRole replicaRole() {
        return ReplicaRole.STANDALONE;
    }

    /**
     * Registers the listener told (on a thread of the store's) each time {@link #replicaRole()}
     * changes. A store that does not replicate never calls it.
     */
    default void setReplicaRoleListener(java.util.function.Consumer<ReplicaRole> listener) {
    }

    /**
     * Whether the store carries the broker's metadata (topic table, consumer offsets) to the
     * other members of its replica group, so it survives a failover; a store of one copy does not.
     */
    default boolean replicatesMetadata() {
        return false;
    }

    /**
     * Hands a metadata document (the whole current version of it: {@code topics},
     * {@code consumerOffsets}) to the group: every member's metadata listener receives it, in
     * order with the messages. Only the master publishes; the future fails on any other member
     * and on a store that does not replicate metadata.
     */
    default CompletableFuture<Void> putMetadata(String name, byte[] content) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "this store does not replicate metadata; the broker keeps its files itself"));
    }

    /**
     * Registers the listener told of every metadata document the group committed (on the store's
     * thread, in log order), and once more of the latest of each when the store restarts from a
     * snapshot. A store that does not replicate metadata never calls it.
     */
    default void setMetadataListener(java.util.function.BiConsumer<String, byte[]> listener) {
    }

    /**
     * The store's message index, when it keeps one (an optional capability): how QUERY_MESSAGE
     * finds messages by key. Empty for an engine without an index, which the broker then says
     * instead of answering "nothing found".
     */
    default java.util.Optional<MessageIndex> index() {
        return java.util.Optional.empty();
    }

    /**
     * The store's figures for the broker's metrics, read at each scrape: by metric name, RocketMQ's
     * where one exists, as its exporter writes them ({@code rocketmq_storage_size_bytes} held, {@code
     * rocketmq_storage_flush_behind_bytes}, {@code rocketmq_storage_dispatch_behind_bytes}, {@code
     * rocketmq_storage_message_reserve_time_milliseconds} since the oldest message held was stored), an
     * engine's own under {@code skiff_store_}. Empty for a store that reports none.
     */
    default java.util.Map<String, Double> metrics() {
        return java.util.Map.of();
    }

    /** Flushes what is written, closes files and stops background work; idempotent. */
    void shutdown();
}

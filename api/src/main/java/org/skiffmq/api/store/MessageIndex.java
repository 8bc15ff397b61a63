package org.skiffmq.api.store;

/**
 * An optional store capability: finds stored messages by key, as RocketMQ's QUERY_MESSAGE does.
 * A message is found under each of its keys (the {@code KEYS} property, split at spaces) and under
 * its unique key ({@code UNIQ_KEY}, the message id a producer's send returns).
 *
 * <p>Indexing may trail the commit log by a moment: a message becomes findable shortly after its
 * put completes. Thread-safe.
 */
public interface MessageIndex {

    /**
     * Up to {@code maxCount} messages of {@code topic} carrying {@code key} whose store time is in
     * {@code [beginTimestamp, endTimestamp]}, newest first. Every message returned was read back
     * and carries the key: no false matches.
     *
     * @throws IllegalArgumentException when the topic or key is empty, maxCount is below 1 or the
     *                                  range is inverted
     */
    IndexQueryResult query(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp);
}

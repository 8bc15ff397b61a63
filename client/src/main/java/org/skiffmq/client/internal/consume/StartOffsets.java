package org.skiffmq.client.internal.consume;

import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.consumer.ConsumeFromWhere;

/**
 * Where the consumer starts a newly assigned queue: at the persisted offset when there is one,
 * else where consume-from-where says: the queue's end (GET_MAX_OFFSET), its beginning (0), or the
 * first message stored at the consume timestamp (SEARCH_OFFSET_BY_TIMESTAMP). A group's retry
 * topic is read from its beginning for LAST_OFFSET and from its end for TIMESTAMP, as RocketMQ
 * does: what was handed back for retry is meant to be consumed.
 */
final class StartOffsets {
    private static final String RETRY_PREFIX = "%RETRY%";

    private final OffsetStore offsets;
    private final BrokerCalls calls;
    private final ConsumeFromWhere fromWhere;
    private final long consumeTimestamp;

    StartOffsets(OffsetStore offsets, BrokerCalls calls, ConsumeFromWhere fromWhere, long consumeTimestamp) {
        this.offsets = offsets;
        this.calls = calls;
        this.fromWhere = fromWhere;
        this.consumeTimestamp = consumeTimestamp;
    }

    /** @throws ClientException when a broker cannot tell; the queue waits for the next rebalance */
    long of(MessageQueue queue) throws ClientException, InterruptedException {
        long persisted = offsets.readPersisted(queue);
        if (persisted >= 0) {
            return persisted;
        }
        boolean retryTopic = queue.topic().startsWith(RETRY_PREFIX);
        return switch (fromWhere) {
            case LAST_OFFSET -> retryTopic ? 0 : calls.maxOffset(queue);
            case FIRST_OFFSET -> 0;
            case TIMESTAMP -> retryTopic ? calls.maxOffset(queue) : calls.searchOffset(queue, consumeTimestamp);
        };
    }
}

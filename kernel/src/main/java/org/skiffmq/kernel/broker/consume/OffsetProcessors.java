package org.skiffmq.kernel.broker.consume;

import java.util.Locale;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.BoundaryType;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * The offset requests: QUERY_CONSUMER_OFFSET and UPDATE_CONSUMER_OFFSET (a group's committed
 * position), GET_MAX_OFFSET, GET_MIN_OFFSET and SEARCH_OFFSET_BY_TIMESTAMP (a queue's bounds).
 */
public final class OffsetProcessors {
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;

    public OffsetProcessors(ConsumerOffsetTable offsets, MessageStore store) {
        this.offsets = offsets;
        this.store = store;
    }

    /**
     * QUERY_CONSUMER_OFFSET: the committed offset; for a group without one, 0 when the queue still
     * holds its first message (RocketMQ's answer, which starts a new group at the beginning), else
     * QUERY_NOT_FOUND so the client applies its consume-from-where.
     */
    public RemotingCommand query(RemotingChannel channel, RemotingCommand request) {
        String group = request.requiredExt("consumerGroup");
        String topic = request.requiredExt("topic");
        int queueId = request.requiredIntExt("queueId");
        long offset = offsets.query(group, topic, queueId);
        if (offset < 0 && request.booleanExt("setZeroIfNotFound", true)
                && store.minQueueOffset(topic, queueId) <= 0 && store.maxQueueOffset(topic, queueId) > 0) {
            offset = 0;
        }
        if (offset < 0) {
            return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND,
                    "Not found: group " + group + " has no offset for " + topic + "/" + queueId).ensureExtFields();
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("offset", offset);
    }

    /** UPDATE_CONSUMER_OFFSET: usually one-way, every 5 s per queue from push consumers. */
    public RemotingCommand update(RemotingChannel channel, RemotingCommand request) {
        offsets.commit(request.requiredExt("consumerGroup"), request.requiredExt("topic"),
                request.requiredIntExt("queueId"), request.requiredLongExt("commitOffset"));
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** GET_MAX_OFFSET: the offset the next message of the queue will get. */
    public RemotingCommand max(RemotingChannel channel, RemotingCommand request) {
        long max = store.maxQueueOffset(request.requiredExt("topic"), request.requiredIntExt("queueId"));
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("offset", max);
    }

    /** GET_MIN_OFFSET: the first offset still readable. */
    public RemotingCommand min(RemotingChannel channel, RemotingCommand request) {
        long min = store.minQueueOffset(request.requiredExt("topic"), request.requiredIntExt("queueId"));
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("offset", min);
    }

    /** SEARCH_OFFSET_BY_TIMESTAMP: LOWER (default) or UPPER boundary, case-insensitive. */
    public RemotingCommand searchByTime(RemotingChannel channel, RemotingCommand request) {
        String boundary = request.ext("boundaryType");
        BoundaryType type = boundary != null && boundary.toUpperCase(Locale.ROOT).equals("UPPER")
                ? BoundaryType.UPPER : BoundaryType.LOWER;
        long offset = store.queueOffsetByTime(request.requiredExt("topic"), request.requiredIntExt("queueId"),
                request.requiredLongExt("timestamp"), type);
        return RemotingCommand.response(ResponseCode.SUCCESS, null).putExt("offset", offset);
    }
}

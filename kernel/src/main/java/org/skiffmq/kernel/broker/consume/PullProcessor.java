package org.skiffmq.kernel.broker.consume;

import java.nio.ByteBuffer;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.api.transport.RequestProcessor;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.client.HeartbeatData;
import org.skiffmq.kernel.broker.group.SubscriptionGroupConfig;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.stats.BrokerStats;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.protocol.Perm;
import org.skiffmq.kernel.protocol.TopicConfig;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE: reads a queue from the store and answers with the stored
 * records back to back, exactly as they are on disk. A pull that finds nothing new and allows
 * suspending is handed to the {@link LongPollingService}, which answers it when a message arrives
 * or its suspend time runs out.
 */
public final class PullProcessor implements RequestProcessor {
    private final MessageStore store;
    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final ClientRegistry clients;
    private final int maxPullBytes;
    private volatile BrokerStats stats;
    private volatile SubscriptionGroupTable groups;
    private LongPollingService longPolling;

    public PullProcessor(MessageStore store, TopicConfigTable topics, ConsumerOffsetTable offsets,
            ClientRegistry clients, int maxPullBytes) {
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.clients = clients;
        this.maxPullBytes = maxPullBytes;
    }

    /** Reads each group's settings: a group may be barred from consuming, or from broadcasting. */
    void useGroups(SubscriptionGroupTable groups) {
        this.groups = groups;
    }

    /** Why the group may not pull now, or null. */
    private String groupRefusal(String group) {
        SubscriptionGroupTable table = groups;
        SubscriptionGroupConfig config = table == null ? null : table.get(group);
        if (config == null) {
            return null;
        }
        if (!config.consumeEnable()) {
            return "subscription group [" + group + "] does not allow consume (consumeEnable=false); enable it with"
                    + " mqadmin updateSubGroup";
        }
        if (!config.consumeBroadcastEnable() && clients.consumers(group).stream()
                .anyMatch(c -> "BROADCASTING".equals(c.data().messageModel()))) {
            return "subscription group [" + group + "] does not allow broadcast consumption"
                    + " (consumeBroadcastEnable=false)";
        }
        return null;
    }

    /** Counts the messages each pull hands out. */
    void countDeliveries(BrokerStats stats) {
        this.stats = stats;
    }

    void setLongPolling(LongPollingService longPolling) {
        this.longPolling = longPolling;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        PullHeader header = PullHeader.parse(request);
        TopicConfig topic = topics.get(header.topic());
        if (topic == null) {
            return refuse(ResponseCode.TOPIC_NOT_EXIST, "Topic " + header.topic() + " does not exist on this broker");
        }
        if (!Perm.isReadable(topic.perm())) {
            return refuse(ResponseCode.NO_PERMISSION, "The topic " + header.topic() + " is not readable (perm "
                    + topic.perm() + ")");
        }
        if (header.queueId() < 0 || header.queueId() >= topic.queueCount()) {
            return refuse(ResponseCode.SYSTEM_ERROR, "Queue id " + header.queueId() + " is out of range: topic "
                    + header.topic() + " has " + topic.queueCount() + " queues");
        }
        String refusal = groupRefusal(header.consumerGroup());
        if (refusal != null) {
            return refuse(ResponseCode.NO_PERMISSION, refusal);
        }
        if (header.commitsOffset()) {
            offsets.commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        }
        MessageFilter filter = filter(header);
        RemotingCommand response = lookup(header, filter);
        if (response.getCode() == ResponseCode.PULL_NOT_FOUND && header.maySuspend() && longPolling != null
                && header.suspendTimeoutMillis() > 0) {
            longPolling.hold(new LongPollingService.HeldPull(channel, request, header, filter));
            return null;
        }
        return response;
    }

    /** Runs the store lookup and builds the answer; never suspends. */
    RemotingCommand lookup(PullHeader header, MessageFilter filter) {
        int maxBytes = header.maxMsgBytes() > 0 ? Math.min(header.maxMsgBytes(), maxPullBytes) : maxPullBytes;
        GetResult result = store.getMessages(header.topic(), header.queueId(), header.queueOffset(),
                Math.max(1, header.maxMsgNums()), maxBytes, filter);
        RemotingCommand response = answer(code(result.status(), header.queueOffset()), result.status().name(),
                result.nextBeginOffset(), result.minOffset(), result.maxOffset());
        if (result.status() == GetStatus.FOUND) {
            response.setBody(concatenate(result));
            BrokerStats counting = stats;
            if (counting != null) {
                counting.recordGet(header.topic(), header.consumerGroup(), result.messages().size());
                if (counting.metrics() != org.skiffmq.kernel.metrics.BrokerMetrics.NONE) {
                    long bytes = 0;
                    for (java.nio.ByteBuffer b : result.messages()) {
                        bytes += b.remaining();
                    }
                    counting.metrics().messagesOut(header.topic(), header.consumerGroup(), result.messages().size(),
                            bytes);
                }
            }
        }
        return response;
    }

    /**
     * PULL_RETRY_IMMEDIATELY from the requested offset, without a read: the client pulls again at
     * once. For a held pull whose read could not be scheduled.
     */
    RemotingCommand retryNow(PullHeader header) {
        return answer(ResponseCode.PULL_RETRY_IMMEDIATELY, "the broker is busy; pull again", header.queueOffset(),
                store.minQueueOffset(header.topic(), header.queueId()),
                store.maxQueueOffset(header.topic(), header.queueId()));
    }

    /** A pull answer with the header fields the client requires. */
    private static RemotingCommand answer(int code, String remark, long nextBeginOffset, long minOffset,
            long maxOffset) {
        RemotingCommand response = RemotingCommand.response(code, remark);
        response.putExt("suggestWhichBrokerId", "0");
        response.putExt("nextBeginOffset", nextBeginOffset);
        response.putExt("minOffset", minOffset);
        response.putExt("maxOffset", maxOffset);
        response.putExt("topicSysFlag", "0");
        response.putExt("groupSysFlag", "0");
        return response;
    }

    private MessageFilter filter(PullHeader header) {
        if (header.carriesSubscription()) {
            return TagFilter.ofExpression(header.subscription());
        }
        HeartbeatData.SubscriptionData registered = clients.subscription(header.consumerGroup(), header.topic());
        // Without a registered subscription (e.g. a pull racing the first heartbeat) pass everything:
        // the client filters by exact tag anyway.
        return registered == null ? MessageFilter.ALL : TagFilter.ofCodes(registered.codeSet(), registered.subString());
    }

    private static byte[] concatenate(GetResult result) {
        byte[] body = new byte[result.totalSize()];
        int at = 0;
        for (ByteBuffer record : result.messages()) {
            int length = record.remaining();
            record.duplicate().get(body, at, length);
            at += length;
        }
        return body;
    }

    /** RocketMQ's mapping of store lookup results to pull response codes. */
    static int code(GetStatus status, long requestedOffset) {
        return switch (status) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE ->
                    requestedOffset != 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> ResponseCode.PULL_OFFSET_MOVED;
            case OFFSET_OVERFLOW_ONE, OFFSET_FOUND_NULL -> ResponseCode.PULL_NOT_FOUND;
        };
    }

    private static RemotingCommand refuse(int code, String remark) {
        return RemotingCommand.response(code, remark).ensureExtFields();
    }
}

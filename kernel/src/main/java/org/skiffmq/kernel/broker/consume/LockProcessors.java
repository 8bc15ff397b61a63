package org.skiffmq.kernel.broker.consume;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.json.Json;

/** LOCK_BATCH_MQ and UNLOCK_BATCH_MQ for orderly consumers. */
public final class LockProcessors {

    /** LockBatchRequestBody / UnlockBatchRequestBody. */
    record LockBody(String consumerGroup, String clientId, boolean onlyThisBroker, List<QueueJson> mqSet) {
    }

    /** A MessageQueue in JSON bodies. */
    record QueueJson(String topic, String brokerName, int queueId) {
        MessageQueue toQueue() {
            return new MessageQueue(topic, brokerName, queueId);
        }

        static QueueJson of(MessageQueue mq) {
            return new QueueJson(mq.topic(), mq.brokerName(), mq.queueId());
        }
    }

    private final QueueLockTable locks;

    public LockProcessors(QueueLockTable locks) {
        this.locks = locks;
    }

    public RemotingCommand lock(RemotingChannel channel, RemotingCommand request) {
        LockBody body = body(request);
        Set<MessageQueue> locked = locks.lock(body.consumerGroup(), body.clientId(), queues(body));
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
        response.setBody(Json.toBytes(Map.of("lockOKMQSet", locked.stream().map(QueueJson::of).toList())));
        return response;
    }

    public RemotingCommand unlock(RemotingChannel channel, RemotingCommand request) {
        LockBody body = body(request);
        locks.unlock(body.consumerGroup(), body.clientId(), queues(body));
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }

    /** The body, checked: a lock without a group or client would belong to nobody. */
    private static LockBody body(RemotingCommand request) {
        LockBody body = Json.fromBytes(request.getBody(), LockBody.class);
        if (body.consumerGroup() == null || body.clientId() == null) {
            throw new IllegalArgumentException("the lock body needs consumerGroup and clientId; it had "
                    + (body.consumerGroup() == null ? "no consumerGroup" : "no clientId"));
        }
        return body;
    }

    private static Set<MessageQueue> queues(LockBody body) {
        Set<MessageQueue> queues = new LinkedHashSet<>();
        if (body.mqSet() != null) {
            body.mqSet().forEach(q -> queues.add(q.toQueue()));
        }
        return queues;
    }
}

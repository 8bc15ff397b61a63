package org.skiffmq.kernel.broker.consume;

import java.io.IOException;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.BrokerIdentity;
import org.skiffmq.kernel.broker.group.SubscriptionGroupConfig;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.schedule.ScheduleTopic;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.topic.TopicNames;
import org.skiffmq.kernel.protocol.Perm;

/**
 * CONSUMER_SEND_MSG_BACK: a consumer could not process a message and hands it back. The message
 * is stored again for the group's retry topic, after a delay that grows with each attempt
 * (level 3 + reconsume times, unless the consumer names one), or in the group's dead-letter topic
 * once it has been reconsumed the maximum number of times (16 unless the consumer says otherwise)
 * or the consumer asks for it (negative delay level).
 */
public final class SendBackProcessor {
    /** The first client version that sends maxReconsumeTimes (RocketMQ 3.4.9). */
    private static final int VERSION_WITH_MAX_RECONSUME = 121;
    private static final int DEFAULT_MAX_RECONSUME_TIMES = 16;

    private final MessageStore store;
    private final TopicConfigTable topics;
    private final BrokerIdentity identity;
    private final DelayLevels levels;
    private final SubscriptionGroupTable groups;

    public SendBackProcessor(MessageStore store, TopicConfigTable topics, BrokerIdentity identity,
            DelayLevels levels, SubscriptionGroupTable groups) {
        this.groups = groups;
        this.store = store;
        this.topics = topics;
        this.identity = identity;
        this.levels = levels;
    }

    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws IOException {
        long offset = request.requiredLongExt("offset");
        String group = request.requiredExt("group");
        int delayLevel = request.requiredIntExt("delayLevel");
        SubscriptionGroupConfig settings = groups.get(group);
        int groupMax = settings != null ? settings.retryMaxTimes() : DEFAULT_MAX_RECONSUME_TIMES;
        int maxReconsume = request.getVersion() >= VERSION_WITH_MAX_RECONSUME
                ? request.intExt("maxReconsumeTimes", groupMax) : groupMax;
        StoredMessage original = store.readMessage(offset);
        if (original == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "No message at commit-log offset " + offset
                    + "; it may have been deleted by retention").ensureExtFields();
        }
        BrokerMessage back = new BrokerMessage();
        back.setProperties(original.getProperties());
        back.getProperties().putIfAbsent(MessageProperties.RETRY_TOPIC, original.getTopic());
        String originId = request.ext("originMsgId");
        back.getProperties().putIfAbsent(MessageProperties.ORIGIN_MESSAGE_ID,
                originId != null ? originId : original.getMsgId());
        back.removeProperty(MessageProperties.DELAY);
        back.setBody(original.getBody());
        back.setFlag(original.getFlag());
        back.setSysFlag(original.getSysFlag());
        back.setBornTimestamp(original.getBornTimestamp());
        back.setBornHost(original.getBornHost());
        back.setStoreHost(identity.storeHost());
        back.setReconsumeTimes(original.getReconsumeTimes() + 1);
        back.putProperty(MessageProperties.MAX_RECONSUME_TIMES, Integer.toString(maxReconsume));
        if (original.getReconsumeTimes() >= maxReconsume || delayLevel < 0) {
            String dlq = TopicNames.DLQ_PREFIX + group;
            topics.ensure(dlq, 1, Perm.READ_WRITE);
            back.setTopic(dlq);
            back.setQueueId(0);
        } else {
            String retry = TopicNames.RETRY_PREFIX + group;
            topics.ensure(retry, settings != null ? Math.max(1, settings.retryQueueNums()) : 1, Perm.READ_WRITE);
            back.setTopic(retry);
            back.setQueueId(0);
            int level = delayLevel == 0 ? 3 + original.getReconsumeTimes() : delayLevel;
            back.putProperty(MessageProperties.DELAY, Integer.toString(levels.clamp(level)));
            ScheduleTopic.redirectIfDelayed(back, levels);
        }
        PutResult result = store.put(back).join();
        if (!result.isStored()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "Could not store the message for retry: "
                    + result.status() + " " + result.detail()).ensureExtFields();
        }
        return RemotingCommand.response(ResponseCode.SUCCESS, null).ensureExtFields();
    }
}

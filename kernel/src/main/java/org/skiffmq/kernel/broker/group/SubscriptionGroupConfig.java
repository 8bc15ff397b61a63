package org.skiffmq.kernel.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RocketMQ's SubscriptionGroupConfig, as {@code mqadmin updateSubGroup} and the Dashboard send it.
 * SkiffMQ acts on consumeEnable, consumeBroadcastEnable, retryQueueNums, retryMaxTimes and
 * notifyConsumerIdsChangedEnable. consumeFromMinEnable, consumeMessageOrderly and
 * consumeTimeoutMinute are kept as sent: RocketMQ 5.2's broker does not act on them either.
 * Reading from a slave (brokerId, whichBrokerWhenConsumeSlowly), groupSysFlag and attributes must
 * keep RocketMQ's defaults ({@link #unhonoured()}), so that a setting is never taken and ignored.
 */
public record SubscriptionGroupConfig(String groupName, Boolean consumeEnable, Boolean consumeFromMinEnable,
        Boolean consumeBroadcastEnable, Boolean consumeMessageOrderly, Integer retryQueueNums, Integer retryMaxTimes,
        Long brokerId, Long whichBrokerWhenConsumeSlowly, Boolean notifyConsumerIdsChangedEnable,
        Integer groupSysFlag, Integer consumeTimeoutMinute, Map<String, String> attributes) {

    public SubscriptionGroupConfig {
        consumeEnable = consumeEnable == null || consumeEnable;
        consumeFromMinEnable = consumeFromMinEnable == null || consumeFromMinEnable;
        consumeBroadcastEnable = consumeBroadcastEnable == null || consumeBroadcastEnable;
        consumeMessageOrderly = consumeMessageOrderly != null && consumeMessageOrderly;
        retryQueueNums = retryQueueNums == null ? 1 : retryQueueNums;
        retryMaxTimes = retryMaxTimes == null ? 16 : retryMaxTimes;
        brokerId = brokerId == null ? 0L : brokerId;
        whichBrokerWhenConsumeSlowly = whichBrokerWhenConsumeSlowly == null ? 1L : whichBrokerWhenConsumeSlowly;
        notifyConsumerIdsChangedEnable = notifyConsumerIdsChangedEnable == null || notifyConsumerIdsChangedEnable;
        groupSysFlag = groupSysFlag == null ? 0 : groupSysFlag;
        consumeTimeoutMinute = consumeTimeoutMinute == null ? 15 : consumeTimeoutMinute;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A group with RocketMQ's defaults, as auto-created when a consumer of it first appears. */
    public static SubscriptionGroupConfig defaults(String groupName) {
        return new SubscriptionGroupConfig(groupName, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** Settings SkiffMQ does not act on that differ from RocketMQ's defaults, with their values. */
    public List<String> unhonoured() {
        List<String> out = new ArrayList<>();
        if (brokerId != 0) {
            out.add("brokerId=" + brokerId);
        }
        if (whichBrokerWhenConsumeSlowly != 1) {
            out.add("whichBrokerWhenConsumeSlowly=" + whichBrokerWhenConsumeSlowly);
        }
        if (groupSysFlag != 0) {
            out.add("groupSysFlag=" + groupSysFlag);
        }
        if (!attributes.isEmpty()) {
            out.add("attributes=" + attributes);
        }
        return out;
    }
}

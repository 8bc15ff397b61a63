package org.skiffmq.kernel.broker.admin;

import java.io.IOException;
import java.util.List;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.broker.group.SubscriptionGroupConfig;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.json.Json;

/**
 * Consumer-group administration as {@code mqadmin updateSubGroup / deleteSubGroup} and the
 * Dashboard do it: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200), GET_ALL_SUBSCRIPTIONGROUP_CONFIG
 * (201), DELETE_SUBSCRIPTIONGROUP (207). A setting SkiffMQ does not act on is refused by name
 * unless it keeps RocketMQ's default.
 */
public final class GroupAdminProcessors {
    private final SubscriptionGroupTable groups;

    public GroupAdminProcessors(SubscriptionGroupTable groups) {
        this.groups = groups;
    }

    public RemotingCommand update(RemotingChannel channel, RemotingCommand request) throws IOException {
        SubscriptionGroupConfig config;
        try {
            config = Json.fromBytes(request.getBody(), SubscriptionGroupConfig.class);
        } catch (IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        if (config.groupName() == null || config.groupName().isBlank()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the subscription group config has no"
                    + " groupName");
        }
        if (config.retryQueueNums() < 0 || config.retryMaxTimes() < -1) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "retryQueueNums must be at least 0 and"
                    + " retryMaxTimes at least -1; were " + config.retryQueueNums() + " and " + config.retryMaxTimes());
        }
        List<String> unhonoured = config.unhonoured();
        if (!unhonoured.isEmpty()) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "SkiffMQ does not act on "
                    + String.join(", ", unhonoured) + "; keep RocketMQ's defaults for them (SkiffMQ does not read from"
                    + " slaves). It acts on consumeEnable, consumeBroadcastEnable, retryQueueNums, retryMaxTimes and"
                    + " notifyConsumerIdsChangedEnable");
        }
        groups.put(config);
        return RemotingCommand.response(ResponseCode.SUCCESS, null);
    }

    public RemotingCommand getAll(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(Json.toBytes(groups.snapshot()));
        return response;
    }

    public RemotingCommand delete(RemotingChannel channel, RemotingCommand request) throws IOException {
        String group = request.requiredExt("groupName");
        boolean had = groups.remove(group);
        return RemotingCommand.response(ResponseCode.SUCCESS, had ? null : "no subscription group " + group);
    }
}

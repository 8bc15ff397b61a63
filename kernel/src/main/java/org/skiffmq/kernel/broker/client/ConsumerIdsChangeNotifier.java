package org.skiffmq.kernel.broker.client;

import java.util.Collection;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.kernel.broker.group.SubscriptionGroupConfig;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;

/**
 * Tells every member of a consumer group that the group's member set changed
 * (NOTIFY_CONSUMER_IDS_CHANGED, one-way, on each member's own connection), so they rebalance now
 * rather than at their next 20-second tick.
 */
public final class ConsumerIdsChangeNotifier {
    private final ClientRegistry registry;
    private final SubscriptionGroupTable settings;

    public ConsumerIdsChangeNotifier(ClientRegistry registry, SubscriptionGroupTable settings) {
        this.registry = registry;
        this.settings = settings;
    }

    public void notifyGroups(Collection<String> groups) {
        for (String group : groups) {
            SubscriptionGroupConfig config = settings.get(group);
            if (config != null && !config.notifyConsumerIdsChangedEnable()) {
                continue; // the group asked to rebalance at its own pace
            }
            for (ClientRegistry.ConsumerEntry member : registry.consumers(group)) {
                if (member.client().channel() == null || !member.client().channel().isActive()) {
                    continue;
                }
                RemotingCommand notice = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                        .putExt("consumerGroup", group).markOneway();
                member.client().channel().sendOneway(notice);
            }
        }
    }
}

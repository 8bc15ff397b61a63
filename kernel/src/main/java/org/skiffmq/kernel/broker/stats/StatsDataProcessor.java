package org.skiffmq.kernel.broker.stats;

import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.json.Json;

/**
 * VIEW_BROKER_STATS_DATA (315), what the Dashboard draws its charts from every minute: a topic's
 * puts ({@code TOPIC_PUT_NUMS}, key the topic) or a group's gets of a topic ({@code
 * GROUP_GET_NUMS}, key {@code topic@group}) over the last minute, hour and day. Other stats
 * names RocketMQ keeps are refused by name; a key nothing was counted under is answered as
 * RocketMQ does, SYSTEM_ERROR "The stats ... not exist".
 */
public final class StatsDataProcessor {
    static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    static final String GROUP_GET_NUMS = "GROUP_GET_NUMS";

    private final BrokerStats stats;

    public StatsDataProcessor(BrokerStats stats) {
        this.stats = stats;
    }

    record Item(long sum, double tps, double avgpt) {
        static Item of(StatsWindows.Figures f) {
            return new Item(f.sum(), f.tps(), f.avgpt());
        }
    }

    record BrokerStatsData(Item statsMinute, Item statsHour, Item statsDay) {
    }

    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        String name = request.requiredExt("statsName");
        String key = request.requiredExt("statsKey");
        StatsWindows windows = switch (name) {
            case TOPIC_PUT_NUMS -> stats.topicPuts();
            case GROUP_GET_NUMS -> stats.groupGets();
            default -> null;
        };
        if (windows == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "SkiffMQ keeps the stats " + TOPIC_PUT_NUMS
                    + " (key: topic) and " + GROUP_GET_NUMS + " (key: topic@group), not " + name);
        }
        StatsWindows.Windows w = windows.get(key);
        if (w == null) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "The stats <" + name + "> <" + key + "> not exist");
        }
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(Json.toBytes(new BrokerStatsData(Item.of(w.minute()), Item.of(w.hour()), Item.of(w.day()))));
        return response;
    }
}

package org.skiffmq.kernel.broker.stats;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.transport.RemotingChannel;
import org.skiffmq.kernel.json.Json;

/**
 * GET_BROKER_RUNTIME_INFO (28): the key-value table {@code mqadmin brokerStatus} prints and
 * {@code clusterList} and the Dashboard read (their keys, RocketMQ's formats). Figures SkiffMQ
 * does not have are reported as what they mean here (no timer wheel: nothing behind; the page
 * cache is never locked: 0) rather than left out, since the tools parse them without a check.
 */
public final class RuntimeInfo {
    /** The RocketMQ release whose protocol SkiffMQ speaks, as RocketMQ names its versions. */
    static final String PROTOCOL_VERSION_DESC = "V5_2_0";
    /** MQVersion.Version.V5_2_0.ordinal(), which RocketMQ 5.2.0 reports as brokerVersion. */
    static final int PROTOCOL_VERSION = 453;

    private final BrokerStats stats;
    private final MessageStore store;
    private final Clock clock;
    private final long bootMillis;
    private final IntSupplier sendQueue;
    private final IntSupplier pullQueue;

    public RuntimeInfo(BrokerStats stats, MessageStore store, Clock clock, IntSupplier sendQueue, IntSupplier pullQueue) {
        this.stats = stats;
        this.store = store;
        this.clock = clock;
        this.bootMillis = clock.millis();
        this.sendQueue = sendQueue;
        this.pullQueue = pullQueue;
    }

    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(Json.toBytes(Map.of("table", table())));
        return response;
    }

    Map<String, String> table() {
        Map<String, String> t = new TreeMap<>();
        String version = RuntimeInfo.class.getPackage().getImplementationVersion();
        t.put("brokerVersionDesc", PROTOCOL_VERSION_DESC);
        t.put("brokerVersion", Integer.toString(PROTOCOL_VERSION));
        t.put("skiffmqVersion", version == null ? "dev" : version);
        t.put("bootTimestamp", Long.toString(bootMillis));
        t.put("runtime", runtime(clock.millis() - bootMillis));
        t.put("brokerActive", "true");
        t.put("putTps", stats.putTps());
        String getTps = stats.getTps();
        t.put("getTransferedTps", getTps);
        t.put("getTransferredTps", getTps);
        t.put("getFoundTps", getTps);
        t.put("getMissTps", "0.00 0.00 0.00");
        t.put("getTotalTps", getTps);
        t.put("msgPutTotalTodayNow", Long.toString(stats.putTotal()));
        t.put("msgGetTotalTodayNow", Long.toString(stats.getTotal()));
        t.put("msgPutTotalTodayMorning", Long.toString(stats.putTodayMorning()));
        t.put("msgGetTotalTodayMorning", Long.toString(stats.getTodayMorning()));
        t.put("msgPutTotalYesterdayMorning", Long.toString(stats.putYesterdayMorning()));
        t.put("msgGetTotalYesterdayMorning", Long.toString(stats.getYesterdayMorning()));
        t.put("commitLogMaxOffset", Long.toString(store.maxPhysicalOffset()));
        t.put("sendThreadPoolQueueSize", Integer.toString(sendQueue.getAsInt()));
        t.put("pullThreadPoolQueueSize", Integer.toString(pullQueue.getAsInt()));
        t.put("sendThreadPoolQueueHeadWaitTimeMills", "0");
        t.put("pullThreadPoolQueueHeadWaitTimeMills", "0");
        t.put("pageCacheLockTimeMills", "0");
        t.put("earliestMessageTimeStamp", Long.toString(bootMillis));
        t.put("startAcceptSendRequestTimeStamp", "0");
        t.put("timerReadBehind", "0");
        t.put("timerOffsetBehind", "0");
        t.put("timerCongestNum", "0");
        t.put("timerEnqueueTps", "0.0");
        t.put("timerDequeueTps", "0.0");
        return t;
    }

    /** RocketMQ's form: "[ 0 days, 1 hours, 2 minutes, 3 seconds ]". */
    private static String runtime(long millis) {
        long seconds = millis / 1000;
        return "[ " + seconds / 86_400 + " days, " + seconds % 86_400 / 3600 + " hours, " + seconds % 3600 / 60
                + " minutes, " + seconds % 60 + " seconds ]";
    }
}

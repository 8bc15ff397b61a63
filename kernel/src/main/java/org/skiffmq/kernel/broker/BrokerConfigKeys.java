package org.skiffmq.kernel.broker;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.ReplicaRole;
import org.skiffmq.kernel.broker.admin.BrokerConfigProcessors.RuntimeKey;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.broker.transaction.TransactionService;
import org.skiffmq.kernel.config.SkiffConfig;

/**
 * The broker's settings as GET_BROKER_CONFIG shows them under RocketMQ's names (the Dashboard
 * reads these), with the values in force now, and the ones UPDATE_BROKER_CONFIG may change while
 * the broker runs.
 */
final class BrokerConfigKeys {
    private BrokerConfigKeys() {
    }

    static Map<String, String> rocketMq(SkiffConfig config, BrokerIdentity identity, MessageStore store,
            TopicConfigTable topics, TransactionService transactions) {
        Map<String, String> keys = new TreeMap<>();
        ReplicaRole role = store.replicaRole();
        keys.put("brokerName", identity.brokerName());
        keys.put("brokerClusterName", identity.clusterName());
        keys.put("brokerId", Long.toString(role.brokerId()));
        keys.put("brokerRole", role.master() ? (store.replicatesMetadata() ? "SYNC_MASTER" : "ASYNC_MASTER") : "SLAVE");
        keys.put("namesrvAddr", String.join(";", config.nameServerAddresses()));
        if (identity.storeHost() != null) {
            keys.put("brokerIP1", identity.storeHost().getAddress().getHostAddress());
            keys.put("listenPort", Integer.toString(identity.storeHost().getPort()));
        }
        Object flush = config.store().settings().get("flush");
        keys.put("flushDiskType", "sync".equals(String.valueOf(flush)) ? "SYNC_FLUSH" : "ASYNC_FLUSH");
        keys.put("autoCreateTopicEnable", Boolean.toString(topics.autoCreate()));
        keys.put("defaultTopicQueueNums", Integer.toString(topics.templateQueues()));
        keys.put("rejectTransactionMessage", Boolean.toString(!config.transactions().enabled()));
        keys.put("transactionTimeOut", Long.toString(transactions.settings().timeoutMillis()));
        keys.put("transactionCheckInterval", Long.toString(transactions.settings().checkIntervalMillis()));
        keys.put("transactionCheckMax", Integer.toString(transactions.settings().maxChecks()));
        return keys;
    }

    /** What an update may change while the broker runs: auto-creation and the transaction checks. */
    static List<RuntimeKey> runtime(TopicConfigTable topics, TransactionService transactions) {
        return List.of(
                new RuntimeKey("autoCreateTopic", "autoCreateTopicEnable", value -> {
                    boolean on = RuntimeKey.bool(value);
                    return () -> topics.reconfigureAutoCreate(on, topics.templateQueues());
                }),
                new RuntimeKey("defaultTopicQueues", "defaultTopicQueueNums", value -> {
                    int queues = (int) RuntimeKey.number(value, 1, 1024);
                    return () -> topics.reconfigureAutoCreate(topics.autoCreate(), queues);
                }),
                new RuntimeKey("transactions.timeoutMillis", "transactionTimeOut", value -> {
                    long millis = RuntimeKey.number(value, 0, 86_400_000);
                    return () -> transactions.retime(millis, transactions.settings().maxChecks());
                }),
                new RuntimeKey("transactions.maxChecks", "transactionCheckMax", value -> {
                    int checks = (int) RuntimeKey.number(value, 1, 1000);
                    return () -> transactions.retime(transactions.settings().timeoutMillis(), checks);
                }));
    }
}

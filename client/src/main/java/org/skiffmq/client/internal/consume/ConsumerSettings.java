package org.skiffmq.client.internal.consume;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.skiffmq.client.consumer.ConsumeFromWhere;
import org.skiffmq.client.consumer.MessageModel;
import org.skiffmq.client.internal.instance.Subscription;

/**
 * What a push consumer runs with; the builder checked every value.
 *
 * @param subscriptions          the user's subscriptions (the retry topic's is added by the engine)
 * @param consumeTimestamp       where {@link ConsumeFromWhere#TIMESTAMP} starts, ms since the epoch
 * @param consumeBatchSize       messages per listener call (RocketMQ: 1)
 * @param pullBatchSize          messages asked for per pull (RocketMQ: 32)
 * @param maxReconsumeTimes      reconsumes before the broker moves a message to the DLQ (RocketMQ: 16)
 * @param flowControlThreshold   a queue is not pulled while more than this many of its messages wait (1000)
 * @param rebalanceMillis        rebalance period (RocketMQ: 20 s), besides the broker's notifications
 * @param persistMillis          offset commit period (RocketMQ: 5 s)
 * @param lockRenewMillis        orderly lock renewal period (RocketMQ: 20 s)
 * @param lockValidMillis        how long this client trusts a lock it got (RocketMQ: 30 s; brokers keep it 60 s)
 * @param pullRetryMillis        wait after a failed pull (RocketMQ 5.x: 1 s)
 * @param suspendTimeoutMillis   how long the broker may hold a pull with nothing new (RocketMQ: 15 s)
 * @param longPollTimeoutMillis  how long the client waits for a held pull's answer (RocketMQ: 30 s)
 * @param offsetStoreDir         broadcasting offsets are kept under this directory
 * @param clock                  for lock validity and the default consume timestamp
 */
public record ConsumerSettings(String group, MessageModel model, ConsumeFromWhere fromWhere, long consumeTimestamp,
        List<Subscription> subscriptions, boolean orderly, int consumeThreads, int consumeBatchSize,
        int pullBatchSize, int maxReconsumeTimes, int flowControlThreshold, long rebalanceMillis, long persistMillis,
        long lockRenewMillis, long lockValidMillis, long pullRetryMillis, long suspendTimeoutMillis,
        long longPollTimeoutMillis, Path offsetStoreDir, Clock clock) {

    public ConsumerSettings {
        subscriptions = List.copyOf(subscriptions);
    }

    public boolean clustering() {
        return model == MessageModel.CLUSTERING;
    }
}

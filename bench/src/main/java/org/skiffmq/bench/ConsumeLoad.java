package org.skiffmq.bench;

import java.lang.management.ManagementFactory;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The {@code consume} load: a push consumer of the official client on {@code topic}, starting at
 * the queue ends. Latency is end to end, the message's store timestamp to its receipt in the
 * listener, so it has millisecond resolution and assumes broker and tool share a clock (the same
 * machine). Throughput is messages received per second. Run a {@code produce} beside it.
 */
final class ConsumeLoad {
    private final BenchOptions options;
    private final LatencyMeter meter = new LatencyMeter();

    ConsumeLoad(BenchOptions options) {
        this.options = options;
    }

    BenchResult run(ProgressLine progress) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(options.group());
        consumer.setNamesrvAddr(options.namesrv());
        consumer.setInstanceName("bench-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        consumer.setConsumeThreadMin(options.threads());
        consumer.setConsumeThreadMax(options.threads());
        consumer.subscribe(options.topic(), "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : messages) {
                meter.record(Math.max(0, now - m.getStoreTimestamp()) * 1_000_000L);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            return new MeasurementRun(meter, options.warmup(), options.seconds(), options.size(), progress).run();
        } finally {
            consumer.shutdown();
        }
    }
}

package org.skiffmq.bench;

import java.lang.management.ManagementFactory;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/** Starts the official client's producer the way every load of this tool uses it. */
final class Producers {

    private Producers() {
    }

    /**
     * One producer for all threads, as applications share one. No retries, so every failure is
     * counted; no body compression, so a 16 KiB body costs the broker what it costs, not the
     * client's zip.
     */
    static DefaultMQProducer start(BenchOptions options) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(options.group());
        producer.setNamesrvAddr(options.namesrv());
        producer.setInstanceName("bench-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + System.nanoTime());
        producer.setSendMsgTimeout(options.timeoutMillis());
        producer.setRetryTimesWhenSendFailed(0);
        producer.setRetryTimesWhenSendAsyncFailed(0);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.setMaxMessageSize(Math.max(4 * 1024 * 1024, options.size() + 64 * 1024));
        producer.start();
        return producer;
    }
}

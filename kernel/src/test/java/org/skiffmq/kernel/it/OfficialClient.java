package org.skiffmq.kernel.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/** The official RocketMQ producer, set up the way a user would, with its own client instance per test. */
final class OfficialClient {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // Keep the client's own log files inside the build directory.
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
        System.setProperty("rocketmq.client.logLevel", "WARN");
    }

    private OfficialClient() {
    }

    static DefaultMQProducer producer(String nameServer, String group) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("skiff-test-" + INSTANCES.incrementAndGet());
        producer.setSendMsgTimeout(5000);
        producer.start();
        return producer;
    }
}

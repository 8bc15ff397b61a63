package org.skiffmq.kernel.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;

/** The official RocketMQ producer, set up the way a user would, with its own client instance per test. */
public final class OfficialClient {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // Keep the client's own log files inside the build directory.
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
        System.setProperty("rocketmq.client.logLevel", "WARN");
        // Broadcasting consumers keep offsets in local files (~/.rocketmq_offsets by default);
        // a fresh folder per test JVM keeps one run's offsets from leaking into the next.
        try {
            System.setProperty("rocketmq.client.localOffsetStoreDir",
                    java.nio.file.Files.createTempDirectory("skiff-local-offsets").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private OfficialClient() {
    }

    public static DefaultMQProducer producer(String nameServer, String group) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("skiff-test-" + INSTANCES.incrementAndGet());
        producer.setSendMsgTimeout(5000);
        producer.start();
        return producer;
    }

    /** A push consumer, not yet started, reading from the first offset. */
    public static DefaultMQPushConsumer pushConsumer(String nameServer, String group, String topic, String expression,
            MessageModel model) throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName("skiff-test-" + INSTANCES.incrementAndGet());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setMessageModel(model);
        consumer.setPersistConsumerOffsetInterval(1000);
        // A new group's retry topic exists only after its first heartbeat; the client finds its
        // route at the next name-server poll (30 s by default, as with RocketMQ).
        consumer.setPollNameServerInterval(1000);
        consumer.subscribe(topic, expression);
        return consumer;
    }

    /** Starts a concurrent push consumer that records everything it receives. */
    static DefaultMQPushConsumer recordingConsumer(String nameServer, String group, String topic, String expression,
            MessageModel model, Received into) throws MQClientException {
        DefaultMQPushConsumer consumer = pushConsumer(nameServer, group, topic, expression, model);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            into.add(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }
}

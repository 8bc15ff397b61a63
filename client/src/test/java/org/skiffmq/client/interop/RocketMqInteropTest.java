package org.skiffmq.client.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.Tag;
import org.skiffmq.client.it.TransactionOutcomes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendResult;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.ConfigLoader;

/**
 * Wire compatibility both ways: SkiffMQ's producer against Apache RocketMQ 5.2.0's own name
 * server and broker, and the official RocketMQ producer against SkiffMQ. Runs in the Maven
 * profile {@code rocketmq-interop}, which puts the RocketMQ servers on the test class path.
 */
@Tag("rocketmq-interop")
class RocketMqInteropTest {
    @TempDir
    Path dir;

    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @Test
    void skiffProducerSendsAThousandMessagesToApacheRocketMq() throws Exception {
        try (ApacheRocketMq rocketmq = ApacheRocketMq.start(dir);
             Producer producer = Producer.builder("PG_TO_ROCKETMQ").nameServer(rocketmq.nameServerAddress()).build()) {
            producer.start();
            Map<Integer, Long> nextOffset = new HashMap<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                Message message = new Message("SkiffToRocketMq", "TagA", "key-" + i,
                        ("to rocketmq " + i).getBytes(StandardCharsets.UTF_8));
                SendResult result = producer.send(message);
                assertEquals(SendStatus.SEND_OK, result.sendStatus(), "send " + i);
                assertEquals(message.getUniqKey(), result.msgId());
                long expected = nextOffset.getOrDefault(result.messageQueue().queueId(), 0L);
                assertEquals(expected, result.queueOffset(), "queue offsets go up by one");
                nextOffset.put(result.messageQueue().queueId(), expected + 1);
                ids.add(result.offsetMsgId());
            }
            assertEquals(1000, ids.size());
            assertEquals(4, nextOffset.size(), "the auto-created topic has RocketMQ's 4 default queues");
        }
    }

    @Test
    void skiffBatchToApacheRocketMqKeepsOneIdPerMessage() throws Exception {
        try (ApacheRocketMq rocketmq = ApacheRocketMq.start(dir);
             Producer producer = Producer.builder("PG_BATCH_TO_ROCKETMQ").nameServer(rocketmq.nameServerAddress())
                     .build()) {
            producer.start();
            producer.send(new Message("SkiffBatchToRocketMq", "warm".getBytes(StandardCharsets.UTF_8)));
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(new Message("SkiffBatchToRocketMq", ("b" + i).getBytes(StandardCharsets.UTF_8)));
            }
            SendResult result = producer.send(batch);
            assertEquals(SendStatus.SEND_OK, result.sendStatus());
            assertEquals(20, result.offsetMsgId().split(",").length);
            assertEquals(20, new HashSet<>(List.of(result.msgId().split(","))).size());
        }
    }

    /** The same transactional run as TransactionProducerTest against SkiffMQ, with the same outcomes. */
    @Test
    void skiffTransactionProducerGetsTheSameOutcomesFromApacheRocketMq() throws Exception {
        try (ApacheRocketMq rocketmq = ApacheRocketMq.start(dir)) {
            TransactionOutcomes.run(rocketmq.nameServerAddress(), "SkiffTxToRocketMq", 60);
        }
    }

    @Test
    void officialRocketMqProducerSendsToSkiffMq() throws Exception {
        Path home = Files.createDirectories(dir.resolve("skiff"));
        Path config = home.resolve("broker.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\nnameServerListen: 127.0.0.1:0\n"
                + "store: {dir: \"" + home.resolve("store") + "\", commitLogFileSize: 16m}\n"
                + "plugins: {dir: \"" + home.resolve("no-plugins") + "\"}\n");
        try (SkiffServer server = SkiffServer.start(ConfigLoader.load(config), home)) {
            DefaultMQProducer official = new DefaultMQProducer("PG_OFFICIAL");
            official.setNamesrvAddr(server.nameServerAddress());
            official.setInstanceName("interop-official");
            official.start();
            try {
                for (int i = 0; i < 200; i++) {
                    org.apache.rocketmq.client.producer.SendResult result = official.send(
                            new org.apache.rocketmq.common.message.Message("OfficialToSkiff", "TagO", "o-" + i,
                                    ("from rocketmq " + i).getBytes(StandardCharsets.UTF_8)));
                    assertEquals(org.apache.rocketmq.client.producer.SendStatus.SEND_OK, result.getSendStatus());
                }
            } finally {
                official.shutdown();
            }
            assertEquals(200, count(server.broker().store(), "OfficialToSkiff"));
        }
    }

    private static int count(MessageStore store, String topic) {
        int total = 0;
        for (int queue = 0; queue < 16; queue++) {
            long offset = store.minQueueOffset(topic, queue);
            while (offset < store.maxQueueOffset(topic, queue)) {
                GetResult got = store.getMessages(topic, queue, offset, 32, 1 << 22, MessageFilter.ALL);
                assertEquals(GetStatus.FOUND, got.status());
                for (var record : got.messages()) {
                    StoredMessage m = StoredMessageCodec.decode(record.duplicate());
                    assertTrue(m.getKeys().startsWith("o-"));
                    total++;
                }
                offset = got.nextBeginOffset();
            }
        }
        return total;
    }
}

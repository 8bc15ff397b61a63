package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;

/**
 * While a producer keeps every queue busy, the official push consumer gets each message soon after
 * it is stored: its pulls are held and woken by arrivals, none is left to the client's own 30 s
 * pull timeout (what a lost held pull costs), and none waits past the broker's 5 s fallback
 * re-check by more than a scheduling hiccup.
 */
class PromptDeliveryTest {
    private static final String TOPIC = "Prompt";
    private static final long LATEST_ACCEPTABLE_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void everyMessageReachesThePushConsumerSoonAfterItIsStored() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String ns = server.nameServerAddress();
            DefaultMQProducer producer = OfficialClient.producer(ns, "PG_PROMPT");
            Received received = new Received();
            DefaultMQPushConsumer consumer = null;
            try {
                producer.send(new Message(TOPIC, "TagA", "warm", "warm".getBytes()));
                consumer = OfficialClient.recordingConsumer(ns, "CG_PROMPT", TOPIC, "*", MessageModel.CLUSTERING,
                        received);
                assertTrue(Received.await(30, () -> received.distinct() >= 1), "the consumer never started");
                byte[] body = new byte[1024];
                List<String> ids = new ArrayList<>();
                long end = System.currentTimeMillis() + 5000;
                while (System.currentTimeMillis() < end) {
                    ids.add(producer.send(new Message(TOPIC, "TagA", body)).getMsgId());
                    if (ids.size() % 2 == 0) {
                        Thread.sleep(1);
                    }
                }
                assertTrue(Received.await(60, () -> received.byId.keySet().containsAll(ids)),
                        "received " + ids.stream().filter(received.byId::containsKey).count() + " of " + ids.size());
                long worst = 0;
                String worstId = null;
                for (String id : ids) {
                    MessageExt m = received.byId.get(id);
                    long late = received.arrivedAt.get(id) - m.getStoreTimestamp();
                    if (late > worst) {
                        worst = late;
                        worstId = id;
                    }
                }
                assertTrue(worst < LATEST_ACCEPTABLE_MILLIS, "message " + worstId + " of " + ids.size()
                        + " reached the consumer " + worst + " ms after it was stored");
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }
}

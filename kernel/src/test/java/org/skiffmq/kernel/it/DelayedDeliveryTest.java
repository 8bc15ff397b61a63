package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.kernel.SkiffServer;

/** Delayed messages wait in the schedule topic and survive a broker restart. */
class DelayedDeliveryTest {
    @TempDir
    Path dir;

    @Test
    void delayedMessageIsDeliveredAfterARestartExactlyOnce() throws Exception {
        SendResult sent;
        long sentAt;
        int queue;
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_DELAY_RESTART");
            try {
                producer.send(new Message("Later", "warm".getBytes()));
                Message m = new Message("Later", "TagA", "delayed", "after restart".getBytes());
                m.setDelayTimeLevel(2);
                sentAt = System.currentTimeMillis();
                sent = producer.send(m);
                queue = sent.getMessageQueue().getQueueId();
            } finally {
                producer.shutdown();
            }
            assertEquals(1, server.broker().store().maxQueueOffset("SCHEDULE_TOPIC_XXXX", 1), "waits in level 2's queue");
            assertEquals(1, totalIn(server, "Later"), "only the warm-up message is in the topic yet");
        }
        try (SkiffServer restarted = TestBroker.start(dir)) {
            assertTrue(Received.await(20, () -> totalIn(restarted, "Later") == 2), "the delayed message never came");
            long deliveredAfter = System.currentTimeMillis() - sentAt;
            assertTrue(deliveredAfter >= 5000, "delivered " + deliveredAfter + " ms after sending, before level 2's 5 s");
            long offset = restarted.broker().store().maxQueueOffset("Later", queue) - 1;
            StoredMessage m = StoredMessageCodec.decode(restarted.broker().store()
                    .getMessages("Later", queue, offset, 1, 1 << 20, MessageFilter.ALL).messages().get(0).duplicate());
            assertEquals(sent.getMsgId(), m.getUniqKey());
            assertEquals("after restart", new String(m.getBody()));
            assertEquals(null, m.getProperty("DELAY"));
            Thread.sleep(1000);
            assertEquals(2, totalIn(restarted, "Later"), "delivered more than once");
        }
    }

    private static long totalIn(SkiffServer server, String topic) {
        long total = 0;
        for (int q = 0; q < 8; q++) {
            total += server.broker().store().maxQueueOffset(topic, q);
        }
        return total;
    }
}

package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeConcurrentlyStatus;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.kernel.SkiffServer;

/** RECONSUME_LATER: the message goes through the group's retry topic and comes back. */
class ConsumerRetryTest {
    @TempDir
    Path dir;
    private SkiffServer server;
    private Producer producer;
    private PushConsumer consumer;

    @AfterEach
    void stop() {
        TestServers.close(consumer, producer, server);
    }

    @Test
    void reconsumeLaterWithDelayLevelOneBringsTheMessageBackWithReconsumeTimesOneAndItsTopic() throws Exception {
        server = TestServers.standalone(dir, "broker-a");
        producer = Producer.builder("PG_RETRY").nameServer(server.nameServerAddress()).build();
        producer.start();
        Message sent = new Message("Retried", "TagA", "k", "try me".getBytes(StandardCharsets.UTF_8));
        producer.send(sent);
        String id = sent.getUniqKey();
        List<StoredMessage> attempts = new CopyOnWriteArrayList<>();
        consumer = Consumers.builder(server.nameServerAddress(), "CG_RETRY", "Retried", "*")
                .listener((messages, context) -> {
                    for (StoredMessage m : messages) {
                        if (id.equals(m.getMsgId())) {
                            attempts.add(m);
                        }
                    }
                    if (attempts.size() == 1) {
                        context.setDelayLevelWhenNextConsume(1);
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                }).build();
        consumer.start();
        assertTrue(Consumers.await(60, () -> attempts.size() >= 2), "attempts: " + attempts.size());
        assertEquals(List.of(0, 1), attempts.subList(0, 2).stream().map(StoredMessage::getReconsumeTimes).toList());
        StoredMessage again = attempts.get(1);
        assertEquals("Retried", again.getTopic());
        assertEquals("try me", new String(again.getBody(), StandardCharsets.UTF_8));
        Thread.sleep(500);
        assertEquals(2, attempts.size(), "a consumed retry came back again");
    }
}

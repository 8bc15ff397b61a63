package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.TransportSection;

/**
 * A transport idle timeout shorter than the registration interval must not cost the broker its
 * routes: its connection to the name server carries one request per registration interval, and
 * the name server drops a broker whose connection closes.
 */
class IdleTimeoutRegistrationTest {
    @TempDir
    Path dir;

    @Test
    void brokerKeepsItsRoutesWhenTheIdleTimeoutIsShorterThanTheRegisterInterval() throws Exception {
        int idleSeconds = 1;
        try (SkiffServer server = SkiffServer.start(TestBroker.config(dir, "async")
                .transport(new TransportSection(null, null, null, idleSeconds)), dir)) {
            // Three idle times with no registration (the interval is 30 s): an idle close would be done.
            Thread.sleep(3000L * idleSeconds);
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_IDLE");
            try {
                assertEquals(SendStatus.SEND_OK,
                        producer.send(new Message("AfterIdle", "routed".getBytes())).getSendStatus());
            } finally {
                producer.shutdown();
            }
        }
    }
}

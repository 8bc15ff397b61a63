package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.namesrv.NameServer;

/**
 * With the name server down the broker keeps serving and producers keep sending on the routes they
 * cached; when a name server comes back on the same address, the broker is registered again within
 * one registration period.
 */
class NameServerLossTest {
    @TempDir
    Path dir;

    @Test
    void sendsContinueWithoutTheNameServerAndTheBrokerReRegistersWhenItReturns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        NameServer nameServer = SkiffServer.startNameServer(address, Clock.systemUTC());
        try (SkiffServer broker = SkiffServer.start(
                TestBroker.config(dir, "async").nameServer(address).registerIntervalSeconds(1), dir)) {
            DefaultMQProducer producer = OfficialClient.producer(address, "PG_NSLOSS");
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("Survives", "before".getBytes())).getSendStatus());
                nameServer.shutdown();
                for (int i = 0; i < 50; i++) {
                    assertEquals(SendStatus.SEND_OK,
                            producer.send(new Message("Survives", ("during " + i).getBytes())).getSendStatus());
                }
                NameServer back = SkiffServer.startNameServer(address, Clock.systemUTC());
                nameServer = back;
                assertTrue(Received.await(10, () -> back.routes().route("Survives") != null),
                        "the broker did not register with the returning name server");
                assertNotNull(back.routes().route("TBW102"));
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("Survives", "after".getBytes())).getSendStatus());
            } finally {
                producer.shutdown();
            }
            assertEquals(52, OfficialProducerTest.readAll(broker.broker().store(), "Survives").size());
        } finally {
            nameServer.shutdown();
        }
    }
}

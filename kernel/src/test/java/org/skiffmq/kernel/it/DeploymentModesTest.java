package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.namesrv.NameServer;

/** The ways SkiffMQ is deployed: standalone name server plus broker, and sync flush. */
class DeploymentModesTest {
    @TempDir
    Path dir;

    @Test
    void brokerRegistersWithAStandaloneNameServer() throws Exception {
        NameServer nameServer = SkiffServer.startNameServer("127.0.0.1:0", Clock.systemUTC());
        try (SkiffServer broker = SkiffServer.start(
                TestBroker.config(dir, "async").nameServer(nameServer.addressString()), dir)) {
            assertEquals(null, broker.nameServer());
            DefaultMQProducer producer = OfficialClient.producer(nameServer.addressString(), "PG_EXTERNAL");
            try {
                for (int i = 0; i < 20; i++) {
                    assertEquals(SendStatus.SEND_OK,
                            producer.send(new Message("ExternalNs", ("m" + i).getBytes())).getSendStatus());
                }
            } finally {
                producer.shutdown();
            }
        } finally {
            nameServer.shutdown();
        }
    }

    @Test
    void syncFlushAcknowledgesEverySendAfterItIsOnDisk() throws Exception {
        try (SkiffServer server = SkiffServer.start(TestBroker.config(dir, "sync"), dir)) {
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_SYNCFLUSH");
            try {
                for (int i = 0; i < 200; i++) {
                    assertEquals(SendStatus.SEND_OK,
                            producer.send(new Message("SyncFlush", "TagA", "k" + i, ("m" + i).getBytes())).getSendStatus());
                }
            } finally {
                producer.shutdown();
            }
            assertEquals(200, OfficialProducerTest.readAll(server.broker().store(), "SyncFlush").size());
        }
    }

    @Test
    void unregisteredBrokerLeavesTheNameServerAtShutdown() throws Exception {
        NameServer nameServer = SkiffServer.startNameServer("127.0.0.1:0", Clock.systemUTC());
        try {
            SkiffServer broker = SkiffServer.start(TestBroker.config(dir, "async").nameServer(nameServer.addressString()),
                    dir);
            assertEquals(1, nameServer.routes().clusterInfo().brokerAddrTable().size());
            broker.shutdown();
            assertEquals(0, nameServer.routes().clusterInfo().brokerAddrTable().size());
        } finally {
            nameServer.shutdown();
        }
    }
}

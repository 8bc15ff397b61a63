package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.client.fault.LatencyFaultStrategy;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.ProducerBuilder;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.namesrv.NameServer;

/**
 * broker-a answers every send after {@value SlowBrokerHook#DELAY_MILLIS} ms (its send hook
 * sleeps), broker-b at once. The latency strategy moves the traffic to broker-b; round-robin
 * keeps feeding broker-a its share. Each topic has 4 queues on each broker, so round-robin
 * alternates brokers every 4 sends.
 */
class SlowBrokerTest {
    private static final String TOPIC = "SlowTopic";
    @TempDir
    Path dir;
    private NameServer nameServer;
    private SkiffServer slow;
    private SkiffServer fast;
    private Producer producer;

    @BeforeEach
    void start() throws Exception {
        nameServer = TestServers.nameServer();
        slow = TestServers.broker(dir, "broker-a", nameServer.addressString(), SlowBrokerHook.NAME);
        fast = TestServers.broker(dir, "broker-b", nameServer.addressString());
        Topics.create(slow.brokerAddress(), TOPIC, 4);
        Topics.create(fast.brokerAddress(), TOPIC, 4);
        TestServers.awaitRoute(nameServer, TOPIC, List.of("broker-a", "broker-b"));
    }

    @AfterEach
    void stop() {
        TestServers.close(producer, slow, fast);
        nameServer.shutdown();
    }

    @Test
    void latencyStrategySendsNothingToTheSlowBrokerWhileItIsAvoided() throws Exception {
        // The strategy's clock moves only when the test moves it, so the 2 s window cannot run
        // out because the machine is busy.
        AtomicLong clock = new AtomicLong();
        producer = start(Producer.builder("PG_LATENCY").faultStrategy(new LatencyFaultStrategy(clock::get)));

        assertEquals(Map.of("broker-a", 1, "broker-b", 29), send(30));

        clock.addAndGet(2000);
        assertEquals(Map.of("broker-a", 1, "broker-b", 7), send(8));
    }

    @Test
    void roundRobinStrategyKeepsUsingTheSlowBroker() throws Exception {
        producer = start(Producer.builder("PG_ROUND_ROBIN").faultStrategy("round-robin"));
        assertEquals(Map.of("broker-a", 8, "broker-b", 8), send(16));
    }

    private Producer start(ProducerBuilder builder) throws Exception {
        Producer started = builder.nameServer(nameServer.addressString()).build();
        started.start();
        return started;
    }

    private Map<String, Integer> send(int count) throws Exception {
        Map<String, Integer> byBroker = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String broker = producer.send(new Message(TOPIC, "s".getBytes(StandardCharsets.UTF_8)))
                    .messageQueue().brokerName();
            byBroker.merge(broker, 1, Integer::sum);
        }
        return byBroker;
    }
}

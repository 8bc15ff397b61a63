package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendResult;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.namesrv.NameServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two brokers serve one topic; one stops in the middle of a stream of sync sends. The stream
 * must go on: every send ends SEND_OK (retried on the other broker) or fails only in the short
 * window before the route drops the stopped broker, and once an attempt to it has failed the
 * latency strategy sends nothing more there.
 */
class FailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverTest.class);
    private static final String TOPIC = "FailoverTopic";
    private static final int SENDS = 2000;
    private static final int STOP_AT = 500;
    /** "A handful": failed attempts allowed while the client learns the broker is gone. */
    private static final int HANDFUL = 5;

    @TempDir
    Path dir;
    private NameServer nameServer;
    private SkiffServer brokerA;
    private SkiffServer brokerB;
    private Producer producer;

    @AfterEach
    void stop() {
        TestServers.close(producer, brokerA, brokerB);
        if (nameServer != null) {
            nameServer.shutdown();
        }
    }

    @Test
    void stoppingABrokerMidStreamCostsAtMostAHandfulOfFailedAttempts() throws Exception {
        nameServer = TestServers.nameServer();
        brokerA = TestServers.broker(dir, "broker-a", nameServer.addressString());
        brokerB = TestServers.broker(dir, "broker-b", nameServer.addressString());
        Topics.create(brokerA.brokerAddress(), TOPIC, 4);
        Topics.create(brokerB.brokerAddress(), TOPIC, 4);
        TestServers.awaitRoute(nameServer, TOPIC, List.of("broker-a", "broker-b"));
        RecordingHook attempts = new RecordingHook();
        producer = Producer.builder("PG_FAILOVER").nameServer(nameServer.addressString())
                .routeRefreshInterval(Duration.ofMillis(200)).hook(attempts).build();
        producer.start();

        List<SendResult> results = new ArrayList<>();
        List<String> failedSends = new ArrayList<>();
        CompletableFuture<Void> stopping = null;
        long start = System.nanoTime();
        for (int i = 0; i < SENDS; i++) {
            if (i == STOP_AT) {
                stopping = CompletableFuture.runAsync(brokerB::shutdown);
            }
            try {
                results.add(producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8))));
            } catch (ClientException e) {
                failedSends.add(i + ": " + e.getMessage());
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        stopping.get(30, TimeUnit.SECONDS);

        List<RecordingHook.Seen> failedAttempts = attempts.failures();
        LOG.info("failover: {} sends in {} ms, {} failed sends, {} failed attempts: {}", SENDS, millis,
                failedSends.size(), failedAttempts.size(), failedAttempts.stream().map(s -> s.error().getMessage()).toList());

        assertTrue(failedSends.size() <= HANDFUL, "failed sends: " + failedSends);
        assertEquals(SENDS - failedSends.size(), results.stream().filter(r -> r.sendStatus() == SendStatus.SEND_OK)
                .count());
        assertTrue(failedAttempts.size() <= HANDFUL, "failed attempts: " + failedAttempts);
        assertTrue(failedAttempts.stream().allMatch(s -> s.brokerName().equals("broker-b")), failedAttempts.toString());
        int firstFailure = attempts.after.indexOf(failedAttempts.isEmpty() ? null : failedAttempts.get(0));
        if (firstFailure >= 0) {
            long laterToB = attempts.after.subList(firstFailure + 1, attempts.after.size()).stream()
                    .filter(s -> s.brokerName().equals("broker-b")).count();
            assertEquals(0, laterToB, "attempts to the stopped broker after its first failure");
        }
        List<SendResult> lastHalf = results.subList(results.size() - SENDS / 2, results.size());
        assertTrue(lastHalf.stream().allMatch(r -> r.messageQueue().brokerName().equals("broker-a")),
                "sends long after the stop still went to broker-b");
        long onA = results.stream().filter(r -> r.messageQueue().brokerName().equals("broker-a")).count();
        assertEquals(onA, StoreContents.topic(brokerA.broker().store(), TOPIC).size());
    }
}

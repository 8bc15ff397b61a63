package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendAttempt;
import org.skiffmq.client.producer.SendFailedException;
import org.skiffmq.client.producer.SendResult;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.namesrv.NameServer;

/**
 * Retries against real brokers whose send hooks refuse: broker-a sorts first, so a send's first
 * attempt goes there, and what happens next shows the retry rules.
 */
class RetryTest {
    private static final String TOPIC = "RetryTopic";
    @TempDir
    Path dir;
    private NameServer nameServer;
    private SkiffServer brokerA;
    private SkiffServer brokerB;
    private Producer producer;

    private void start(String[] hooksA, String[] hooksB, int retries) throws Exception {
        nameServer = TestServers.nameServer();
        brokerA = TestServers.broker(dir, "broker-a", nameServer.addressString(), hooksA);
        List<String> brokers = List.of("broker-a");
        Topics.create(brokerA.brokerAddress(), TOPIC, 2);
        if (hooksB != null) {
            brokerB = TestServers.broker(dir, "broker-b", nameServer.addressString(), hooksB);
            Topics.create(brokerB.brokerAddress(), TOPIC, 2);
            brokers = List.of("broker-a", "broker-b");
        }
        TestServers.awaitRoute(nameServer, TOPIC, brokers);
        producer = Producer.builder("PG_RETRY").nameServer(nameServer.addressString()).retries(retries).build();
        producer.start();
    }

    @AfterEach
    void stop() {
        TestServers.close(producer, brokerA, brokerB);
        if (nameServer != null) {
            nameServer.shutdown();
        }
    }

    @Test
    void busyBrokerIsRetriedOnTheOtherBroker() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[0], 2);
        SendResult result = producer.send(message());

        assertEquals(SendStatus.SEND_OK, result.sendStatus());
        assertEquals("broker-b", result.messageQueue().brokerName());
        assertEquals(2, result.attemptCount());
        SendAttempt first = result.attempts().get(0);
        assertEquals("broker-a", first.queue().brokerName());
        assertEquals(ResponseCode.SYSTEM_BUSY, ((BrokerException) first.failure()).responseCode());
        assertTrue(result.attempts().get(1).succeeded());
    }

    @Test
    void afterABusyAnswerTheLatencyStrategyKeepsSendsOnTheOtherBroker() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[0], 2);
        for (int i = 0; i < 20; i++) {
            SendResult result = producer.send(message());
            assertEquals("broker-b", result.messageQueue().brokerName());
            assertEquals(i == 0 ? 2 : 1, result.attemptCount(), "send " + i);
        }
        assertEquals(20, StoreContents.topic(brokerB.broker().store(), TOPIC).size());
    }

    @Test
    void asyncSendsRetryTheSameWay() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[0], 2);
        SendResult result = producer.sendAsync(message()).get(10, TimeUnit.SECONDS);
        assertEquals("broker-b", result.messageQueue().brokerName());
        assertEquals(2, result.attemptCount());
        assertEquals(ResponseCode.SYSTEM_BUSY, ((BrokerException) result.attempts().get(0).failure()).responseCode());
    }

    @Test
    void messageIllegalIsNotRetried() throws Exception {
        start(new String[] {RefuseAllHook.NAME}, new String[0], 2);
        SendFailedException e = assertThrows(SendFailedException.class, () -> producer.send(message()));
        assertEquals(1, e.attemptCount());
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, e.responseCode());
        assertTrue(e.getMessage().contains("not retried") && e.getMessage().contains("MESSAGE_ILLEGAL"),
                e.getMessage());
        assertEquals(0, StoreContents.topic(brokerB.broker().store(), TOPIC).size());
    }

    @Test
    void whenEveryAttemptFailsTheExceptionListsThemAll() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[] {BusyBrokerHook.NAME}, 2);
        SendFailedException e = assertThrows(SendFailedException.class, () -> producer.send(message()));
        assertEquals(3, e.attemptCount());
        assertEquals(List.of("broker-a", "broker-b", "broker-a"),
                e.attempts().stream().map(a -> a.queue().brokerName()).toList());
        assertTrue(e.attempts().stream().allMatch(a -> a.failure() instanceof BrokerException b
                && b.responseCode() == ResponseCode.SYSTEM_BUSY));
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void asyncSendsEndWithTheSameFailure() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[] {BusyBrokerHook.NAME}, 1);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> producer.sendAsync(message()).get(10, TimeUnit.SECONDS));
        SendFailedException failure = assertInstanceOf(SendFailedException.class, e.getCause());
        assertEquals(2, failure.attemptCount());
    }

    @Test
    void withNoRetriesOneFailureEndsTheSend() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[0], 0);
        SendFailedException e = assertThrows(SendFailedException.class, () -> producer.send(message()));
        assertEquals(1, e.attemptCount());
        assertEquals(ResponseCode.SYSTEM_BUSY, e.responseCode());
    }

    @Test
    void onewaySendsAreNeverRetried() throws Exception {
        start(new String[] {BusyBrokerHook.NAME}, new String[0], 2);
        producer.sendOneway(message());
        producer.send(message());
        // The one-way send went to broker-a (first in turn), which refused it without an answer;
        // nothing made it to broker-b but the sync send.
        assertEquals(1, StoreContents.topic(brokerB.broker().store(), TOPIC).size());
    }

    private static Message message() {
        return new Message(TOPIC, "retry me".getBytes(StandardCharsets.UTF_8));
    }
}

package org.skiffmq.store.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.it.ChildBroker;
import org.skiffmq.kernel.it.OfficialClient;
import org.skiffmq.kernel.namesrv.NameServer;
import org.skiffmq.kernel.protocol.TopicRouteData;

/**
 * A real three-broker raft group in child processes, the official RocketMQ producer and push
 * consumer against it, and the leader SIGKILLed twice at random moments of 10,000 sends: every
 * send answered SEND_OK is consumed, intact; the killed brokers come back as followers and catch
 * up; the consumer group's committed offsets survive a third failover.
 */
class RaftFailoverTest {
    private static final String TOPIC = "RaftFailover";
    private static final int SENDS = 10_000;
    private static final int SENDERS = 4;

    @TempDir
    Path dir;

    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final AtomicInteger redelivered = new AtomicInteger();
    private final AtomicInteger corrupted = new AtomicInteger();

    @Test
    void everyAcknowledgedSendSurvivesTwoLeaderKills() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        NameServer nameServer = SkiffServer.startNameServer("127.0.0.1:0", Clock.systemUTC());
        String ns = nameServer.addressString();
        List<ChildBroker> brokers = group(ns);
        DefaultMQProducer producer = null;
        DefaultMQPushConsumer consumer = null;
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            for (ChildBroker b : brokers) {
                b.launch();
            }
            for (ChildBroker b : brokers) {
                b.awaitReady(60);
            }
            producer = new DefaultMQProducer("raft-producer");
            producer.setNamesrvAddr(ns);
            producer.setInstanceName("raft-failover-producer");
            producer.setSendMsgTimeout(3000);
            // Clients learn the new master from the name server; RocketMQ's default poll is 30 s.
            producer.setPollNameServerInterval(1000);
            producer.start();
            consumer = consumer(ns, "raft-consumer", "raft-failover-consumer-1");

            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicLong lastOk = new AtomicLong();
            DefaultMQProducer p = producer;
            for (int t = 0; t < SENDERS; t++) {
                senders.execute(() -> send(p, next, failed, lastOk));
            }
            List<Long> failovers = new ArrayList<>();
            for (int kill = 0; kill < 2; kill++) {
                int at = (kill == 0 ? 1500 : 5500) + random.nextInt(2500);
                awaitAcked(at);
                failovers.add(killLeaderAndRecover(brokers, nameServer, lastOk));
            }
            senders.shutdown();
            assertTrue(senders.awaitTermination(300, TimeUnit.SECONDS), "the sends did not finish");

            awaitReceivedAll(180);
            String figures = String.format("raft failover (seed %d): %d sends, %d SEND_OK, %d failed, %d received"
                    + " (%d redelivered), %d corrupted; leader kill to first SEND_OK: %s ms", seed, SENDS,
                    acked.size(), failed.get(), received.size(), redelivered.get(), corrupted.get(), failovers);
            System.out.println(figures);
            Set<String> missing = new java.util.TreeSet<>(acked.keySet());
            missing.removeAll(received.keySet());
            assertTrue(missing.isEmpty(), missing.size() + " acknowledged messages never arrived, e.g. "
                    + missing.stream().limit(5).toList() + "; " + figures);
            assertEquals(0, corrupted.get(), figures);
            assertTrue(acked.size() > SENDS / 2, "too few sends succeeded to mean anything: " + figures);

            // The group's committed offsets live through a failover: a consumer of the same
            // group started after the master's death starts where the first one stopped.
            consumer.shutdown();
            consumer = null;
            Thread.sleep(2000); // the broker's offset persist (500 ms) publishes the last commits
            killLeaderAndRecover(brokers, nameServer, null);
            int before = received.size();
            redelivered.set(0);
            consumer = consumer(ns, "raft-consumer", "raft-failover-consumer-2");
            Thread.sleep(8000);
            System.out.println("after the third failover the group's new consumer got " + redelivered.get()
                    + " messages again of " + before);
            assertTrue(redelivered.get() < before / 10, "the group's offsets did not survive the failover: "
                    + redelivered.get() + " of " + before + " messages came again");
        } finally {
            senders.shutdownNow();
            if (consumer != null) {
                consumer.shutdown();
            }
            if (producer != null) {
                producer.shutdown();
            }
            for (ChildBroker b : brokers) {
                b.close();
            }
            nameServer.shutdown();
        }
    }

    private List<ChildBroker> group(String nameServer) throws IOException {
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            peers.append(i == 0 ? "" : ", ").append("{id: n").append(i).append(", address: '127.0.0.1:")
                    .append(freePort()).append("'}");
        }
        List<ChildBroker> brokers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path base = dir.resolve("n" + i);
            java.nio.file.Files.createDirectories(base);
            brokers.add(new ChildBroker(base, String.join("\n",
                    "brokerName: broker-r",
                    "nameServer: " + nameServer,
                    "plugins: { dir: no-plugins }",
                    "consume: { offsetPersistMillis: 500 }",
                    "store: { engine: raft, dir: data, flush: sync, self: n" + i + ", group: broker-r,"
                            + " electionTimeoutMillis: 1000, commitLogFileSize: 16m, peers: [" + peers + "] }",
                    ""), "-Xmx384m"));
        }
        return brokers;
    }

    private void send(DefaultMQProducer producer, AtomicInteger next, AtomicInteger failed, AtomicLong lastOk) {
        Random random = new Random();
        int i;
        while ((i = next.getAndIncrement()) < SENDS) {
            String key = "key-" + i;
            byte[] noise = new byte[64];
            random.nextBytes(noise);
            byte[] body = (key + ":" + java.util.HexFormat.of().formatHex(noise)).getBytes(StandardCharsets.UTF_8);
            Message message = new Message(TOPIC, "raft", key, body);
            try {
                SendResult result = producer.send(message);
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    acked.put(key, crc(body));
                    lastOk.set(System.nanoTime());
                } else {
                    failed.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
                sleep(100); // as an application backs off before its next send
            }
        }
    }

    /** Kills the master; returns ms from the kill to the first SEND_OK after it (or to a new master when no sends run). */
    private long killLeaderAndRecover(List<ChildBroker> brokers, NameServer nameServer, AtomicLong lastOk)
            throws Exception {
        String master = awaitMaster(nameServer, null);
        ChildBroker leader = brokers.stream().filter(b -> b.brokerAddress().equals(master)).findFirst()
                .orElseThrow(() -> new AssertionError("the master " + master + " is none of the group"));
        leader.kill();
        long killedAt = System.nanoTime(); // the process is gone: no answer of its own can arrive after this
        awaitMaster(nameServer, master);
        long took;
        if (lastOk != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastOk.get() < killedAt) {
                assertTrue(System.nanoTime() < deadline, "no send succeeded within 60 s of the leader's death");
                Thread.sleep(10);
            }
            took = TimeUnit.NANOSECONDS.toMillis(lastOk.get() - killedAt);
        } else {
            took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        }
        leader.launch(); // back as a follower, catching up from the others
        leader.awaitReady(60);
        return took;
    }

    /** The master the name server routes the topic to, once it is not {@code not}. */
    private static String awaitMaster(NameServer nameServer, String not) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            TopicRouteData route = nameServer.routes().route(TOPIC);
            if (route == null) {
                route = nameServer.routes().route("TBW102");
            }
            String master = route == null || route.brokerDatas().isEmpty() ? null
                    : route.brokerDatas().get(0).brokerAddrs().get(0L);
            if (master != null && !master.equals(not)) {
                return master;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new master registered within 60 s");
    }

    private DefaultMQPushConsumer consumer(String ns, String group, String instance) throws Exception {
        DefaultMQPushConsumer consumer = OfficialClient.pushConsumer(ns, group, TOPIC, "*", MessageModel.CLUSTERING);
        consumer.setInstanceName(instance);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) {
                String key = m.getKeys();
                Long want = acked.get(key);
                long got = crc(m.getBody());
                String text = new String(m.getBody(), StandardCharsets.UTF_8);
                if (!text.startsWith(key + ":") || (want != null && want != got)) {
                    corrupted.incrementAndGet();
                }
                if (received.putIfAbsent(key, got) != null) {
                    redelivered.incrementAndGet();
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    private void awaitAcked(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (acked.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + acked.size() + " sends succeeded in 300 s");
            Thread.sleep(5);
        }
    }

    private void awaitReceivedAll(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!received.keySet().containsAll(acked.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static long crc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/skiff dist} run from the packaged distribution, and the distributions it makes,
 * started as a user starts them and used with the official RocketMQ producer and consumer.
 */
class MinimalDistributionIT {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @TempDir
    Path work;

    private final Path full = Path.of(System.getProperty("skiff.distribution"));

    /** Runs {@code skiff dist} from the full distribution and waits for it; stdout and stderr go to files. */
    private Process dist(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(full.resolve("bin/skiff").toString(), "dist"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SKIFF_JAVA_OPTS", "-Xmx128m");
        pb.redirectOutput(work.resolve("dist-out.txt").toFile());
        pb.redirectError(work.resolve("dist-err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "skiff dist did not finish");
        return p;
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** The last lines of every log file under the work folder, to say why a process did not stop. */
    private String logTails() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path log : walk.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                sb.append("\n== ").append(log).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        return sb.toString();
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Stops it as Ctrl-C does and checks it said so and wrote nothing on stderr. */
    private void stop(Process p, ProcessLines out) throws Exception {
        p.toHandle().destroy();
        try {
            out.until("SkiffMQ stopped: store flushed and closed.");
        } catch (AssertionError e) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(e.getMessage() + "\nstderr: " + Files.readString(work.resolve("stderr.txt"))
                    + "\nlogs: " + logTails(), e);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "skiff did not exit after stopping");
        String err = Files.readString(work.resolve("stderr.txt"));
        assertTrue(err.isEmpty(), "stderr: " + err);
    }

    @Test
    void theMinimalDistributionStartsAndRoundTripsMessages() throws Exception {
        Path minimal = work.resolve("minimal");
        Process dist = dist("--out", minimal.toString());
        String printed = Files.readString(work.resolve("dist-out.txt"));
        assertEquals(0, dist.exitValue(), printed + Files.readString(work.resolve("dist-err.txt")));
        System.out.println(printed);

        List<String> tree = files(minimal);
        assertFalse(Files.exists(minimal.resolve("bench")), "no load tool: " + tree);
        assertEquals(List.of(), names(minimal.resolve("plugins")), "no plugins");
        assertTrue(tree.stream().noneMatch(f -> f.endsWith(".zip")), tree.toString());
        List<String> jars = names(minimal.resolve("lib"));
        assertTrue(names(full.resolve("lib")).containsAll(jars), "only jars of the running distribution: " + jars);
        assertTrue(jars.stream().noneMatch(j -> j.contains("rocketmq") || j.contains("bench")), jars.toString());
        for (String needed : List.of("skiffmq-dist-", "skiffmq-kernel-", "skiffmq-api-", "skiffmq-store-mmap-",
                "skiffmq-transport-netty-", "slf4j-api-", "logback-classic-", "netty-handler-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(needed)), needed + " missing from " + jars);
        }
        assertTrue(tree.containsAll(List.of("bin/skiff", "conf/broker.yaml", "conf/logback.xml")), tree.toString());
        assertTrue(Files.isExecutable(minimal.resolve("bin/skiff")));
        for (String jar : jars) {
            assertTrue(printed.contains("lib/" + jar), jar + " not in the printed table:\n" + printed);
        }
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("total") && l.contains(tree.size() + " files")
                && l.endsWith("MiB")), printed);
        assertTrue(printed.contains("Start it: " + minimal.resolve("bin/skiff") + " standalone"), printed);

        int brokerPort = Ports.free();
        int nameServerPort = Ports.free();
        Process p = Standalone.start(minimal, Standalone.config(work, brokerPort, nameServerPort), work);
        try {
            ProcessLines out = new ProcessLines(p);
            List<String> banner = out.until("Ready.");
            assertTrue(banner.stream().anyMatch(l -> l.matches("\\s+plugins\\s+none")), banner.toString());
            String ns = "127.0.0.1:" + nameServerPort;
            List<String> sent = roundTrip(ns);
            assertEquals(20, sent.size());
            stop(p, out);
        } finally {
            p.destroyForcibly();
        }
        Path log = minimal.resolve("logs/skiff.log");
        assertTrue(Files.exists(log) && Files.size(log) > 0, "logback writes the log file in the minimal distribution");
    }

    /** Sends 20 messages and reads them back with the lite pull consumer; returns the bodies, checked equal. */
    private List<String> roundTrip(String nameServer) throws Exception {
        System.setProperty("rocketmq.client.localOffsetStoreDir", work.resolve("client-offsets").toString());
        List<String> bodies = new ArrayList<>();
        DefaultMQProducer producer = new DefaultMQProducer("PG_MINIMAL");
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("minimal-dist-it");
        producer.setPollNameServerInterval(1000);
        producer.start();
        try {
            for (int i = 0; i < 20; i++) {
                String body = "minimal " + i;
                assertEquals(SendStatus.SEND_OK,
                        producer.send(new Message("MinimalTopic", "TagA", "k" + i, body.getBytes())).getSendStatus());
                bodies.add(body);
            }
        } finally {
            producer.shutdown();
        }
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("CG_MINIMAL");
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName("minimal-dist-it");
        consumer.setPollNameServerInterval(1000);
        consumer.setAutoCommit(true);
        Set<String> got = new HashSet<>();
        try {
            consumer.start();
            Collection<MessageQueue> queues = consumer.fetchMessageQueues("MinimalTopic");
            consumer.assign(queues);
            for (MessageQueue mq : queues) {
                consumer.seek(mq, 0);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.size() < bodies.size() && System.nanoTime() < deadline) {
                for (MessageExt m : consumer.poll(500)) {
                    got.add(new String(m.getBody()));
                }
            }
        } finally {
            consumer.shutdown();
        }
        assertEquals(new HashSet<>(bodies), got, "every body sent comes back, unchanged");
        return bodies;
    }

    @Test
    void aChosenPluginIsShippedAndItsHookRuns() throws Exception {
        Path keys = work.resolve("keys");
        Process dist = dist("--plugins", "require-keys", "--out", keys.toString());
        String printed = Files.readString(work.resolve("dist-out.txt"));
        assertEquals(0, dist.exitValue(), printed + Files.readString(work.resolve("dist-err.txt")));
        assertEquals(List.of("require-keys.zip"), names(keys.resolve("plugins")));
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("plugin require-keys") && l.contains(
                "plugins/require-keys.zip")), printed);

        int nameServerPort = Ports.free();
        Process p = Standalone.start(keys, Standalone.config(work, Ports.free(), nameServerPort,
                "send: { hooks: [require-keys] }"), work);
        try {
            ProcessLines out = new ProcessLines(p);
            List<String> banner = out.until("Ready.");
            assertTrue(banner.stream().anyMatch(l -> l.matches("\\s+plugins\\s+require-keys .* STARTED")),
                    banner.toString());
            DefaultMQProducer producer = new DefaultMQProducer("PG_MINIMAL_KEYS");
            producer.setNamesrvAddr("127.0.0.1:" + nameServerPort);
            producer.setInstanceName("minimal-keys-it");
            producer.start();
            try {
                assertEquals(SendStatus.SEND_OK, producer.send(new Message("KeyedTopic", "TagA", "order-1",
                        "ok".getBytes())).getSendStatus());
                MQBrokerException refused = assertThrows(MQBrokerException.class,
                        () -> producer.send(new Message("KeyedTopic", "no keys".getBytes())));
                assertEquals(13, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("require-keys"), refused.getErrorMessage());
            } finally {
                producer.shutdown();
            }
            stop(p, out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void anUnknownPluginIsRefusedWithTheIdsThatExist() throws Exception {
        Path out = work.resolve("never");
        Process dist = dist("--plugins", "require-keys,nope", "--out", out.toString());

        assertEquals(2, dist.exitValue());
        String err = Files.readString(work.resolve("dist-err.txt")).trim();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("skiff: no plugin nope in ") && err.contains("require-keys")
                && err.contains("max-rate"), err);
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void anMmapDistributionCarriesNothingOfTheRaftStore() throws Exception {
        Path mmap = work.resolve("mmap");
        Process dist = dist("--store", "mmap", "--out", mmap.toString());
        String printed = Files.readString(work.resolve("dist-out.txt"));
        assertEquals(0, dist.exitValue(), printed + Files.readString(work.resolve("dist-err.txt")));

        List<String> tree = files(mmap);
        assertEquals(List.of(), names(mmap.resolve("plugins")), "no plugins");
        assertTrue(tree.stream().noneMatch(f -> f.contains("raft") || f.contains("ratis")), tree.toString());
        assertEquals(List.of("broker.yaml", "logback.xml"), names(mmap.resolve("conf")));
        assertTrue(printed.contains("Start it: " + mmap.resolve("bin/skiff") + " standalone"), printed);
    }

    @Test
    void anUnknownStoreIsRefusedWithTheBuiltInAndPluginStores() throws Exception {
        Path out = work.resolve("never");
        Process dist = dist("--store", "rocks", "--out", out.toString());

        assertEquals(2, dist.exitValue());
        String err = Files.readString(work.resolve("dist-err.txt")).trim();
        assertEquals("skiff: no store called 'rocks' in this distribution; --store takes one of: mmap, raft", err);
        assertFalse(Files.exists(out), "nothing is written");
    }

    /**
     * {@code skiff dist --store raft}: the plugin zip, the mmap module it builds on, the example
     * group; then one member started from it, which loads Ratis from the zip inside PF4J. A lone
     * member of three elects no leader, so it is only started and stopped.
     */
    @Test
    void aRaftDistributionCarriesItsPluginAndAMemberStartsFromIt() throws Exception {
        Path raft = work.resolve("raft");
        Process dist = dist("--store", "raft", "--out", raft.toString());
        String printed = Files.readString(work.resolve("dist-out.txt"));
        assertEquals(0, dist.exitValue(), printed + Files.readString(work.resolve("dist-err.txt")));
        System.out.println(printed);

        assertEquals(List.of("store-raft.zip"), names(raft.resolve("plugins")));
        List<String> jars = names(raft.resolve("lib"));
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("skiffmq-store-mmap-")), "the store builds on it: " + jars);
        assertTrue(jars.stream().noneMatch(j -> j.contains("ratis") || j.contains("raft")), jars.toString());
        assertEquals(List.of("logback.xml", "raft"), names(raft.resolve("conf")), "the examples, not an mmap broker.yaml");
        assertEquals(List.of("broker-n0.yaml", "broker-n1.yaml", "broker-n2.yaml"), names(raft.resolve("conf/raft")));
        assertTrue(printed.contains("store raft, transport netty, plugins store-raft"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("plugin store-raft") && l.contains(
                "plugins/store-raft.zip")), printed);
        String skiff = raft.resolve("bin/skiff").toString();
        assertTrue(printed.contains("Start it: " + skiff + " namesrv --listen 127.0.0.1:9876"), printed);
        for (String member : List.of("n0", "n1", "n2")) {
            assertTrue(printed.contains(skiff + " broker --config " + raft.resolve("conf/raft/broker-" + member
                    + ".yaml")), printed);
        }

        int nameServerPort = Ports.free();
        Path data = work.resolve("data-n0");
        Path config = Files.writeString(work.resolve("member-n0.yaml"), String.join("\n",
                "brokerName: broker-r",
                "listen: 127.0.0.1:" + Ports.free(),
                "nameServer: 127.0.0.1:" + nameServerPort,
                "store:",
                "  engine: raft",
                "  dir: " + data,
                "  commitLogFileSize: 8m",
                "  flush: sync",
                "  self: n0",
                "  group: broker-r",
                "  peers:",
                "    - { id: n0, address: 127.0.0.1:" + Ports.free() + " }",
                "    - { id: n1, address: 127.0.0.1:" + Ports.free() + " }",
                "    - { id: n2, address: 127.0.0.1:" + Ports.free() + " }",
                ""));
        Process nameServer = start(raft, work.resolve("namesrv-stderr.txt"), "namesrv", "--listen",
                "127.0.0.1:" + nameServerPort);
        Process member = null;
        try {
            new ProcessLines(nameServer).until("Ready.");
            member = start(raft, work.resolve("stderr.txt"), "broker", "--config", config.toString());
            ProcessLines out = new ProcessLines(member);
            List<String> banner = out.until("Ready.");
            assertTrue(banner.stream().anyMatch(l -> l.matches("\\s+data\\s+" + Pattern.quote(data.toString())
                    + " \\(raft, raft member n0 of \\[n0, n1, n2], flush: sync\\)")), banner.toString());
            assertTrue(banner.stream().anyMatch(l -> l.matches("\\s+plugins\\s+store-raft .* STARTED")),
                    banner.toString());
            assertEquals("raft", Files.readString(data.resolve("ENGINE")).trim());
            assertTrue(Files.isDirectory(data.resolve("raft")), "the Raft log's folder");
            stop(member, out);
            // Processes started from one folder each log to a file named after their configuration.
            assertTrue(Files.size(raft.resolve("logs/member-n0.log")) > 0, "the member's own log file");
            assertTrue(Files.exists(raft.resolve("logs/namesrv.log")), "the name server's own log file");
        } finally {
            if (member != null) {
                member.destroyForcibly();
            }
            nameServer.toHandle().destroy();
            assertTrue(nameServer.waitFor(30, TimeUnit.SECONDS), "the name server did not exit");
            nameServer.destroyForcibly();
        }
    }

    /** Runs {@code bin/skiff} of {@code home} with a small heap; stderr goes to {@code stderr}. */
    private static Process start(Path home, Path stderr, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/skiff").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SKIFF_JAVA_OPTS", "-Xmx256m");
        pb.redirectError(stderr.toFile());
        return pb.start();
    }
}

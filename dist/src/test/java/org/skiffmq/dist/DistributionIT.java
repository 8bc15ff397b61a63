package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;

/**
 * The packaged distribution, run as a user runs it: {@code bin/skiff standalone} on the module
 * path, the official producer against it, Ctrl-C (SIGTERM) to stop it.
 */
class DistributionIT {
    static {
        System.setProperty("rocketmq.client.logRoot", System.getProperty("java.io.tmpdir") + "/skiff-rocketmq-logs");
    }

    @TempDir
    Path work;

    private Process skiff(Path config) throws Exception {
        return Standalone.start(Path.of(System.getProperty("skiff.distribution")), config, work);
    }

    @Test
    void standaloneServesTheOfficialProducerAndStopsCleanlyOnSigterm() throws Exception {
        int brokerPort = Ports.free();
        int nameServerPort = Ports.free();
        Process p = skiff(Standalone.config(work, brokerPort, nameServerPort));
        try {
            ProcessLines out = new ProcessLines(p);
            List<String> banner = out.until("Ready.");
            assertTrue(banner.stream().anyMatch(l -> l.contains("127.0.0.1:" + brokerPort)), banner.toString());
            assertTrue(banner.stream().anyMatch(l -> l.contains("127.0.0.1:" + nameServerPort)), banner.toString());
            assertTrue(banner.stream().anyMatch(l -> l.contains(work.resolve("data").toString())), banner.toString());

            DefaultMQProducer producer = new DefaultMQProducer("PG_DIST");
            producer.setNamesrvAddr("127.0.0.1:" + nameServerPort);
            producer.setInstanceName("dist-it");
            producer.start();
            try {
                for (int i = 0; i < 20; i++) {
                    SendResult r = producer.send(new Message("DistTopic", "TagA", "k" + i, ("hello " + i).getBytes()));
                    assertEquals(SendStatus.SEND_OK, r.getSendStatus());
                }
            } finally {
                producer.shutdown();
            }
            // SIGTERM, as Ctrl-C or a service manager sends; unlike Process.destroy() this keeps
            // the pipes open, so the last words can still be read.
            p.toHandle().destroy();
            out.until("SkiffMQ stopped: store flushed and closed.");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "skiff did not exit after stopping");
            String err = Files.readString(work.resolve("stderr.txt"));
            assertTrue(err.isEmpty(), "stderr: " + err);
        } finally {
            p.destroyForcibly();
        }

        MmapStoreProvider mmap = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(MmapStoreProvider.class::isInstance).map(MmapStoreProvider.class::cast).findFirst()
                .orElseThrow();
        MessageStore store = mmap.create(MmapStoreConfig.defaults(work.resolve("data")).withCommitLogFileSize(8 << 20),
                Clock.systemUTC());
        store.start();
        try {
            int total = 0;
            for (int q = 0; q < 4; q++) {
                GetResult got = store.getMessages("DistTopic", q, 0, 64, 1 << 20, MessageFilter.ALL);
                total += got.messages().size();
            }
            assertEquals(20, total, "every acknowledged message is in the store after the stop");
        } finally {
            store.shutdown();
        }
    }

    @Test
    void missingHookStopsTheStartWithOneLineOnStderr() throws Exception {
        Process p = skiff(Standalone.config(work, Ports.free(), Ports.free(), "send: { hooks: [nope] }"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        String err = Files.readString(work.resolve("stderr.txt")).trim();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("skiff: send hook 'nope'") && err.contains("require-keys"), err);
        assertTrue(Files.notExists(work.resolve("data")), "no data directory may be created");
    }

    @Test
    void theRaftStoreShipsAsAPluginZipWithRatisInsideItAndNoneInLib() throws Exception {
        Path home = Path.of(System.getProperty("skiff.distribution"));
        Path zip = home.resolve("plugins/store-raft.zip");
        assertTrue(Files.isRegularFile(zip), "plugins/store-raft.zip is missing");
        try (ZipFile plugin = new ZipFile(zip.toFile())) {
            List<String> entries = plugin.stream().map(ZipEntry::getName).toList();
            String properties = new String(plugin.getInputStream(plugin.getEntry("plugin.properties")).readAllBytes());
            assertTrue(properties.lines().anyMatch(l -> l.equals("plugin.id=store-raft")), properties);
            for (String jar : List.of("lib/skiffmq-store-raft-", "lib/ratis-server-", "lib/ratis-grpc-",
                    "lib/ratis-metrics-default-")) {
                assertTrue(entries.stream().anyMatch(e -> e.startsWith(jar) && e.endsWith(".jar")),
                        jar + " missing from " + entries);
            }
        }
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(jars.stream().noneMatch(j -> j.contains("ratis") || j.contains("raft")), jars.toString());
        }
        for (String member : List.of("n0", "n1", "n2")) {
            assertTrue(Files.isRegularFile(home.resolve("conf/raft/broker-" + member + ".yaml")), member);
        }
    }
}

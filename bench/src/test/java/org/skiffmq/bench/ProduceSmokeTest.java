package org.skiffmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;

/** The load tool against an in-process SkiffMQ for a couple of seconds: output format, not speed. */
class ProduceSmokeTest {

    @Test
    void syncProduceReportsTableAndResultLine(@TempDir Path dir) throws Exception {
        try (SkiffServer server = InProcessSkiff.start(dir, "mmap", dir.resolve("no-plugins"))) {
            InProcessSkiff.Run run = InProcessSkiff.bench("produce", "--namesrv", server.nameServerAddress(),
                    "--threads", "4", "--size", "256", "--warmup", "1", "--seconds", "2", "--no-progress");

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("throughput"), run.out());
            assertTrue(run.out().contains("latency p99.9"), run.out());
            Map<String, Double> result = ResultLine.parse(run.out());
            assertTrue(result.get("tps") > 0, run.out());
            assertEquals(0.0, result.get("errors"), run.out());
        }
    }

    @Test
    void asyncProduceReportsResultLine(@TempDir Path dir) throws Exception {
        try (SkiffServer server = InProcessSkiff.start(dir, "mmap", dir.resolve("no-plugins"))) {
            InProcessSkiff.Run run = InProcessSkiff.bench("produce", "--namesrv", server.nameServerAddress(),
                    "--mode", "async", "--inflight", "64", "--threads", "2", "--warmup", "1", "--seconds", "1");

            assertEquals(0, run.exitCode(), run.err());
            Map<String, Double> result = ResultLine.parse(run.out());
            assertTrue(result.get("tps") > 0, run.out());
            assertEquals(0.0, result.get("errors"), run.out());
            assertTrue(run.err().contains("\r"), "the progress line is redrawn in place on stderr");
        }
    }
}

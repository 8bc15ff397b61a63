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

    @Test
    void aCountedRunStopsAtTheCountAndStoresThatMany(@TempDir Path dir) throws Exception {
        try (SkiffServer server = InProcessSkiff.start(dir, "mmap", dir.resolve("no-plugins"))) {
            InProcessSkiff.Run run = InProcessSkiff.bench("produce", "--namesrv", server.nameServerAddress(),
                    "--threads", "4", "--size", "128", "--warmup", "0", "--messages", "3000", "--topic", "Counted",
                    "--no-progress");

            assertEquals(0, run.exitCode(), run.err());
            Map<String, Double> result = ResultLine.parse(run.out());
            double count = result.get("count");
            // Every thread may finish the send it is in when the count is reached, and the run
            // checks the count every 20 ms: a few sends over, never under.
            assertTrue(count >= 3000 && count < 3000 + 4 * 200, "measured " + count);
            long stored = server.broker().store().queueIds("Counted").stream()
                    .mapToLong(q -> server.broker().store().maxQueueOffset("Counted", q)).sum();
            long total = (long) (double) result.get("total");
            // Each thread finishes the send it is in after the run ends: stored, not counted.
            assertTrue(stored >= total && stored <= total + 4, "stored " + stored + ", counted " + total);
        }
    }
}

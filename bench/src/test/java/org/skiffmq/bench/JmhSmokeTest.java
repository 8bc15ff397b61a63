package org.skiffmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Every JMH benchmark once, in this JVM, for 100 ms: the harness works, the figures mean nothing. */
class JmhSmokeTest {

    @Test
    void everyBenchmarkRunsOneShortIteration() throws Exception {
        Options options = new OptionsBuilder()
                .include("org\\.skiffmq\\.bench\\.jmh\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("messages", "2000")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        // FrameCodec: decode/encode x JSON/ROCKETMQ; SendHeaderParse: 2; CommitLogAppend: 1; ConsumeQueueRead: 1.
        assertEquals(8, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
        }
    }
}

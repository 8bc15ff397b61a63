package org.skiffmq.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;

/**
 * A pull's read: {@code getMessages} of 32 messages (at most 256 KiB) from a random offset of one
 * queue of a store filled with {@code messages} 1 KiB messages, everything in the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConsumeQueueReadBenchmark {
    private static final String TOPIC = "BenchTopic";
    private static final int BATCH = 32;

    @Param({"100000"})
    public int messages;

    private TempStore store;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void fill() {
        store = new TempStore(FlushMode.ASYNC, 256 * 1024 * 1024);
        byte[] body = new byte[1024];
        for (int i = 0; i < messages; i++) {
            store.store().put(TempStore.message(TOPIC, 0, body, i)).join();
        }
        GetResult check = store.store().getMessages(TOPIC, 0, 0, BATCH, 256 * 1024, MessageFilter.ALL);
        if (check.status() != GetStatus.FOUND) {
            throw new IllegalStateException("the filled store reads " + check.status());
        }
    }

    @TearDown(Level.Trial)
    public void delete() {
        store.close();
    }

    @Benchmark
    public GetResult getMessages() {
        long offset = random.nextInt(messages - BATCH);
        return store.store().getMessages(TOPIC, 0, offset, BATCH, 256 * 1024, MessageFilter.ALL);
    }
}

package org.skiffmq.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.skiffmq.api.store.FlushMode;
import org.skiffmq.api.store.PutResult;

/**
 * One put into the mmap store under async flush, as the send pipeline's store stage makes it:
 * encode the record, append it to the commit log, index it in its consume queue, complete the
 * future. Four threads put into four queues of one topic, so the append lock is contended as on a
 * broker. Each iteration starts on an empty store in a new temporary folder (and deletes it after),
 * so the disk does not fill up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(4)
public class CommitLogAppendBenchmark {

    @Param({"1024"})
    public int bodySize;

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong nextQueue = new AtomicLong();
    private TempStore store;
    private byte[] body;

    @Setup(Level.Iteration)
    public void openStore() {
        body = new byte[bodySize];
        store = new TempStore(FlushMode.ASYNC, 256 * 1024 * 1024);
    }

    @TearDown(Level.Iteration)
    public void deleteStore() {
        store.close();
    }

    /** Which queue a benchmark thread puts into. */
    @State(Scope.Thread)
    public static class Queue {
        int id;

        @Setup(Level.Trial)
        public void pick(CommitLogAppendBenchmark bench) {
            id = (int) (bench.nextQueue.getAndIncrement() % 4);
        }
    }

    @Benchmark
    public PutResult put(Queue queue) {
        return store.store().put(TempStore.message("BenchTopic", queue.id, body, sequence.incrementAndGet())).join();
    }
}

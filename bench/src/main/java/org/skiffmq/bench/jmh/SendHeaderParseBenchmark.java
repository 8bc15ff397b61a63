package org.skiffmq.bench.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.codec.JsonHeaderReader;

/**
 * The SEND_MESSAGE_V2 header as the broker meets it on every send: the JSON header of
 * {@code send-v2-json.hex} (one-letter keys a..n, as the official client writes them) read into a
 * command, then the fields the send pipeline's ParseHeaderStage takes from it (that stage is
 * kernel-internal, so its reads are repeated here), then the properties string decoded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SendHeaderParseBenchmark {

    private final byte[] header = Vectors.sendV2JsonHeader();

    @Benchmark
    public RemotingCommand readJsonHeader() {
        return JsonHeaderReader.read(header);
    }

    @Benchmark
    public void readJsonHeaderAndFields(Blackhole bh) {
        RemotingCommand request = JsonHeaderReader.read(header);
        bh.consume(request.requiredExt("a"));
        bh.consume(request.requiredExt("b"));
        bh.consume(request.requiredExt("c"));
        bh.consume(request.requiredIntExt("d"));
        bh.consume(request.requiredIntExt("e"));
        bh.consume(request.requiredIntExt("f"));
        bh.consume(request.requiredLongExt("g"));
        bh.consume(request.requiredIntExt("h"));
        bh.consume(request.intExt("j", 0));
        bh.consume(request.booleanExt("m", false));
        Map<String, String> properties = MessageProperties.decode(request.ext("i"));
        bh.consume(properties);
    }
}

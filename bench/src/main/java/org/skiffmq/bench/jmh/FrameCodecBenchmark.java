package org.skiffmq.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.SerializeType;
import org.skiffmq.transport.netty.codec.JsonHeaderReader;
import org.skiffmq.transport.netty.codec.RemotingFrames;

/**
 * A whole Remoting frame through SkiffMQ's codec, without a channel: a SEND_MESSAGE_V2 request
 * (the header of {@code send-v2-json.hex}) with a 1 KiB body, in the JSON or the binary (ROCKETMQ)
 * header form. {@code decode} reads the frame content as the frame decoder does once a frame is
 * complete; {@code encode} writes command to bytes as the frame encoder does, into a pooled
 * direct buffer as on the wire.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {

    @Param({"JSON", "ROCKETMQ"})
    public String headerType;

    @Param({"1024"})
    public int bodySize;

    private RemotingCommand command;
    private ByteBuf frame;
    private int frameLength;
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        command = JsonHeaderReader.read(Vectors.sendV2JsonHeader());
        command.setSerializeType(SerializeType.valueOf(headerType));
        command.setBody(new byte[bodySize]);
        frame = PooledByteBufAllocator.DEFAULT.directBuffer();
        RemotingFrames.write(command, frame);
        frameLength = frame.getInt(0);
        out = PooledByteBufAllocator.DEFAULT.directBuffer(frame.readableBytes() * 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        out.release();
    }

    @Benchmark
    public RemotingCommand decode() {
        frame.readerIndex(RemotingFrames.LENGTH_FIELD);
        return RemotingFrames.readContent(frame, frameLength);
    }

    @Benchmark
    public int encode() {
        out.clear();
        RemotingFrames.write(command, out);
        return out.writerIndex();
    }
}

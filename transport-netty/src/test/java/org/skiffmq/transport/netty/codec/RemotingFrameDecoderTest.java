package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.Vectors;

class RemotingFrameDecoderTest {
    private static final int MAX = 1024;

    private EmbeddedChannel channel;

    @AfterEach
    void releaseEverything() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel channel(int maxFrameLength) {
        channel = new EmbeddedChannel(new RemotingFrameDecoder(maxFrameLength));
        return channel;
    }

    /** A JSON frame of exactly {@code frameLength} bytes (prefix included), padded with body. */
    private static byte[] frameOfLength(int frameLength) {
        byte[] header = "{\"code\":1,\"flag\":0,\"opaque\":1}".getBytes(UTF_8);
        int bodyLength = frameLength - 8 - header.length;
        ByteBuf buf = Unpooled.buffer(frameLength);
        buf.writeInt(frameLength - 4).writeInt(header.length).writeBytes(header).writeZero(bodyLength);
        byte[] frame = Arrays.copyOf(buf.array(), buf.writerIndex());
        buf.release();
        return frame;
    }

    /** The next decoded command, or null. */
    private RemotingCommand command() {
        InboundCommand inbound = channel.readInbound();
        return inbound == null ? null : inbound.command();
    }

    private static ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer();
        for (int value : values) {
            buf.writeInt(value);
        }
        return buf;
    }

    @Test
    void frameExactlyAtTheMaximumIsAccepted() {
        channel(MAX).writeInbound(Unpooled.wrappedBuffer(frameOfLength(MAX)));

        RemotingCommand cmd = command();
        assertNotNull(cmd);
        assertEquals(MAX - 8 - 30, cmd.getBody().length);
    }

    @Test
    void frameOneByteOverTheMaximumIsRejectedFromItsPrefixAlone() {
        channel(MAX);
        byte[] frame = frameOfLength(MAX + 1);

        assertThrows(RemotingFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 4)));
    }

    @Test
    void hugeLengthPrefixIsRejectedBeforeBuffering() {
        assertThrows(RemotingFrameException.class, () -> channel(MAX).writeInbound(bytes(0x7FFFFFFF)));
    }

    @Test
    void negativeLengthPrefixIsRejected() {
        assertThrows(RemotingFrameException.class, () -> channel(MAX).writeInbound(bytes(-1)));
    }

    @Test
    void lengthTooSmallForTheHeaderLengthWordIsRejected() {
        assertThrows(RemotingFrameException.class, () -> channel(MAX).writeInbound(bytes(3)));
    }

    @Test
    void unknownSerializeTypeIsRejected() {
        assertThrows(RemotingFrameException.class, () -> channel(MAX).writeInbound(bytes(4, 0x02000000)));
    }

    @Test
    void headerLengthBeyondTheFrameIsRejected() {
        assertThrows(RemotingFrameException.class, () -> channel(MAX).writeInbound(bytes(8, 5, 0)));
    }

    @Test
    void headerThatIsNotJsonIsRejected() {
        ByteBuf frame = Unpooled.buffer().writeInt(4 + 5).writeInt(5).writeBytes("hello".getBytes(UTF_8));

        assertThrows(RemotingFrameException.class, () -> channel(MAX).writeInbound(frame));
    }

    @Test
    void afterAFrameErrorTheRestOfTheConnectionIsDiscardedSilently() {
        List<Throwable> errors = new ArrayList<>();
        channel = new EmbeddedChannel(new RemotingFrameDecoder(MAX), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });

        channel.writeInbound(bytes(-1));
        channel.writeInbound(Unpooled.wrappedBuffer(Vectors.hex("send-v2-json.hex")));
        channel.writeInbound(bytes(-1));

        assertEquals(1, errors.size());
        assertNull(channel.readInbound());
    }

    @Test
    void frameArrivingByteByByteDecodesOnce() {
        byte[] frame = Vectors.hex("send-v2-rocketmq.hex");
        channel(Frames.MAX);
        for (byte b : frame) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        RemotingCommand cmd = command();
        assertEquals(310, cmd.getCode());
        assertNull(channel.readInbound());
    }

    @Test
    void twoFramesInOneReadDecodeInOrder() {
        byte[] first = Vectors.hex("get-route-request-json.hex");
        byte[] second = Vectors.hex("send-response-rocketmq.hex");

        channel(Frames.MAX).writeInbound(Unpooled.wrappedBuffer(first, second));

        assertEquals(105, command().getCode());
        RemotingCommand response = command();
        assertTrue(response.isResponse());
        assertArrayEquals(second, Frames.encode(response));
    }

    @Test
    void maximumBelowTheSmallestFrameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RemotingFrameDecoder(7));
    }
}

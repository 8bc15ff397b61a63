package org.skiffmq.transport.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.skiffmq.api.remoting.RemotingCommand;

/** Frames through the real handlers on an {@link EmbeddedChannel}; every buffer released. */
final class Frames {
    static final int MAX = 16 * 1024 * 1024;

    private Frames() {
    }

    static RemotingCommand decode(byte[] frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(MAX));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(frame));
            InboundCommand inbound = channel.readInbound();
            if (inbound == null) {
                throw new AssertionError("no command decoded");
            }
            if (channel.readInbound() != null) {
                throw new AssertionError("more than one command decoded");
            }
            return inbound.command();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    static byte[] encode(RemotingCommand cmd) {
        EmbeddedChannel channel = new EmbeddedChannel(RemotingFrameEncoder.INSTANCE);
        try {
            channel.writeOutbound(cmd);
            ByteBuf out = channel.readOutbound();
            try {
                return ByteBufUtil.getBytes(out);
            } finally {
                out.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    static byte[] header(byte[] frame) {
        int headerLength = ((frame[5] & 0xFF) << 16) | ((frame[6] & 0xFF) << 8) | (frame[7] & 0xFF);
        byte[] header = new byte[headerLength];
        System.arraycopy(frame, 8, header, 0, headerLength);
        return header;
    }
}

package org.skiffmq.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.codec.RemotingFrames;

/** Whole frames as byte arrays, for raw sockets. */
public final class FrameBytes {

    private FrameBytes() {
    }

    public static byte[] bytes(RemotingCommand cmd) {
        ByteBuf buf = Unpooled.buffer();
        try {
            RemotingFrames.write(cmd, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}

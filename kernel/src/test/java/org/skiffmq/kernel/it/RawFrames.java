package org.skiffmq.kernel.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.codec.RemotingFrames;

/** Remoting frames as bytes, for tests that talk to the broker over plain sockets. */
final class RawFrames {

    private RawFrames() {
    }

    static byte[] encode(RemotingCommand command) {
        ByteBuf buf = Unpooled.buffer(RemotingFrames.estimateLength(command));
        RemotingFrames.write(command, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Reads one frame; -1 length (the peer closed) gives null. */
    static RemotingCommand read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8)
                | data.readUnsignedByte();
        byte[] content = new byte[length];
        data.readFully(content);
        return RemotingFrames.readContent(Unpooled.wrappedBuffer(content), length);
    }
}

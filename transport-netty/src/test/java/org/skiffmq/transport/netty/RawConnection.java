package org.skiffmq.transport.netty;

import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.transport.netty.codec.RemotingFrames;

/** A plain java.net socket to a server, for feeding it bytes no well-behaved client would send. */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    public RawConnection(InetSocketAddress server) throws IOException {
        socket = new Socket("127.0.0.1", server.getPort());
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one whole frame and decodes it. */
    public RemotingCommand readFrame() throws IOException {
        int length = in.readInt();
        byte[] content = new byte[length];
        in.readFully(content);
        return RemotingFrames.readContent(Unpooled.wrappedBuffer(content), length);
    }

    /**
     * Whether the server closed the connection: the read ends (-1), or the kernel reports a reset
     * (a close with bytes still unread on the server side turns into a reset).
     */
    public boolean closedByPeer() throws IOException {
        try {
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

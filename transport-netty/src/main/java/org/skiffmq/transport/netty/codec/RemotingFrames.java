package org.skiffmq.transport.netty.codec;

import io.netty.buffer.ByteBuf;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.SerializeType;

/**
 * The Remoting frame, read and written without a channel (the pipeline handlers, tests and
 * benchmarks share these two methods).
 *
 * <pre>
 * +------------+------+-------------------+------------------+------------------+
 * |  length L  | type | header length H   |      header      |       body       |
 * |  int32     | int8 | uint24            |     H bytes      | L - 4 - H bytes  |
 * +------------+------+-------------------+------------------+------------------+
 * |&lt;- 4 bytes -&gt;|&lt;------ 4 bytes -------&gt;|
 *               |&lt;--------------------------- L bytes ----------------------------&gt;|
 *
 * type: 0 = JSON header ({@link JsonHeaderReader}), 1 = ROCKETMQ binary header
 *       ({@link BinaryHeaderReader}). All integers big-endian. The body is whatever follows
 *       the header; it has no length of its own.
 * </pre>
 */
public final class RemotingFrames {
    /** The length prefix. */
    public static final int LENGTH_FIELD = 4;
    /** The serialize-type byte and the 24-bit header length. */
    public static final int HEADER_LENGTH_FIELD = 4;
    /** Largest header length the 24-bit field can carry. */
    public static final int MAX_HEADER_LENGTH = 0xFF_FFFF;

    private RemotingFrames() {
    }

    /**
     * Reads one frame's content: the {@code frameLength} (= L) bytes that follow the length
     * prefix, starting at the reader index of {@code in}, which moves past them. The caller has
     * already checked L against its limit and that all L bytes are there.
     *
     * @throws RemotingFrameException when the content is not a valid header and body
     */
    public static RemotingCommand readContent(ByteBuf in, int frameLength) {
        if (frameLength < HEADER_LENGTH_FIELD) {
            throw new RemotingFrameException("frame length " + frameLength + " leaves no room for the header length");
        }
        int word = in.readInt();
        SerializeType type = SerializeType.ofCode((word >>> 24) & 0xFF);
        if (type == null) {
            throw new RemotingFrameException("unknown serialize type " + ((word >>> 24) & 0xFF));
        }
        int headerLength = word & MAX_HEADER_LENGTH;
        int bodyLength = frameLength - HEADER_LENGTH_FIELD - headerLength;
        if (bodyLength < 0) {
            throw new RemotingFrameException("header length " + headerLength + " exceeds the frame length "
                    + frameLength + " - 4");
        }
        int headerIndex = in.readerIndex();
        RemotingCommand cmd = type == SerializeType.JSON
                ? JsonHeaderReader.read(in, headerIndex, headerLength)
                : BinaryHeaderReader.read(in, headerIndex, headerLength);
        in.skipBytes(headerLength);
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            in.readBytes(body);
            cmd.setBody(body);
        }
        return cmd;
    }

    /**
     * Appends the whole frame of {@code cmd}, length prefix included, with the header in the
     * command's serialize type. The header is written in place and its lengths patched after.
     *
     * @throws IllegalArgumentException when the header cannot be written in that type
     */
    public static void write(RemotingCommand cmd, ByteBuf out) {
        int start = out.writerIndex();
        out.writeLong(0);
        SerializeType type = cmd.getSerializeType() == null ? SerializeType.JSON : cmd.getSerializeType();
        if (type == SerializeType.JSON) {
            JsonHeaderWriter.write(cmd, out);
        } else {
            BinaryHeaderWriter.write(cmd, out);
        }
        int headerLength = out.writerIndex() - start - LENGTH_FIELD - HEADER_LENGTH_FIELD;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("header of " + headerLength + " bytes exceeds the 24-bit limit");
        }
        byte[] body = cmd.getBody();
        if (body != null) {
            out.writeBytes(body);
        }
        out.setInt(start, out.writerIndex() - start - LENGTH_FIELD);
        out.setInt(start + LENGTH_FIELD, (type.code() << 24) | headerLength);
    }

    /** A size to allocate for the frame of {@code cmd}: a typical header plus the body. */
    public static int estimateLength(RemotingCommand cmd) {
        int body = cmd.getBody() == null ? 0 : cmd.getBody().length;
        int ext = cmd.getExtFields() == null ? 0 : cmd.getExtFields().size() * 48;
        return LENGTH_FIELD + HEADER_LENGTH_FIELD + 160 + ext + body;
    }
}

package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.SerializeType;

/**
 * Reads a ROCKETMQ (binary) Remoting header. Every length on the wire is checked against the
 * bytes left in the header before anything is read or allocated for it.
 *
 * <pre>
 * +--------+------+---------+--------+------+----------+--------+----------+-------------+
 * | code   | lang | version | opaque | flag | remark   | remark | ext map  | ext entries |
 * | int16  | int8 | int16   | int32  |int32 | len int32| UTF-8  | len int32| (M bytes)   |
 * +--------+------+---------+--------+------+----------+--------+----------+-------------+
 * entry: key len int16 | key UTF-8 | value len int32 | value UTF-8
 * </pre>
 *
 * <p>As RocketMQ reads it: a zero-length remark or value is null, a zero-length ext map is no
 * map at all, and a key that repeats keeps its last value (fast-path senders may write a key
 * twice). Entries whose key is empty are dropped. Stateless and thread-safe.
 */
public final class BinaryHeaderReader {
    /** code, language, version, opaque, flag, remark length, ext map length. */
    static final int FIXED_LENGTH = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private BinaryHeaderReader() {
    }

    /**
     * Reads the {@code length} header bytes at {@code index} of {@code buf} (its reader index is
     * not moved).
     *
     * @throws RemotingFrameException when a length points past the header
     */
    public static RemotingCommand read(ByteBuf buf, int index, int length) {
        if (length < FIXED_LENGTH) {
            throw new RemotingFrameException("binary header of " + length + " bytes is shorter than the fixed "
                    + FIXED_LENGTH);
        }
        try {
            return readFixedAndVariable(buf.slice(index, length));
        } catch (IndexOutOfBoundsException e) {
            // A length field cut short by the end of the header (lengths themselves are checked).
            throw new RemotingFrameException("binary header ends inside a field", e);
        }
    }

    private static RemotingCommand readFixedAndVariable(ByteBuf in) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.setSerializeType(SerializeType.ROCKETMQ);
        cmd.setCode(in.readShort());
        cmd.setLanguage(LanguageCode.ofCode(in.readUnsignedByte()));
        cmd.setVersion(in.readShort());
        cmd.setOpaque(in.readInt());
        cmd.setFlag(in.readInt());
        cmd.setRemark(readString(in, checkedLength(in, in.readInt(), "remark")));
        int mapLength = checkedLength(in, in.readInt(), "ext map");
        if (mapLength > 0) {
            cmd.setExtFields(readExtFields(in.readSlice(mapLength)));
        }
        if (in.isReadable()) {
            throw new RemotingFrameException("binary header has " + in.readableBytes() + " bytes after its ext map");
        }
        return cmd;
    }

    private static Map<String, String> readExtFields(ByteBuf map) {
        Map<String, String> fields = new LinkedHashMap<>();
        while (map.isReadable()) {
            String key = readString(map, checkedLength(map, map.readShort(), "ext key"));
            String value = readString(map, checkedLength(map, map.readInt(), "ext value"));
            if (key != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }

    private static int checkedLength(ByteBuf in, int length, String what) {
        if (length < 0 || length > in.readableBytes()) {
            throw new RemotingFrameException("binary header " + what + " length " + length + " exceeds the "
                    + in.readableBytes() + " bytes left");
        }
        return length;
    }

    private static String readString(ByteBuf in, int length) {
        if (length == 0) {
            return null;
        }
        String text = in.toString(in.readerIndex(), length, UTF_8);
        in.skipBytes(length);
        return text;
    }
}

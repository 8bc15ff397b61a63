package org.skiffmq.transport.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Map;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Writes a command's ROCKETMQ (binary) header; the layout is drawn on {@link BinaryHeaderReader}.
 * Strings are written in place and their length patched afterwards, so no byte array is made per
 * field. Ext fields keep the map's iteration order; entries with a null key or value are left
 * out, as RocketMQ does. Stateless and thread-safe.
 */
public final class BinaryHeaderWriter {

    private BinaryHeaderWriter() {
    }

    /**
     * Appends the header of {@code cmd} at the writer index of {@code out}.
     *
     * @throws IllegalArgumentException when the code or version does not fit 16 bits or a key
     *                                  is longer than 32767 bytes (such commands need JSON)
     */
    public static void write(RemotingCommand cmd, ByteBuf out) {
        out.writeShort(checkedShort(cmd.getCode(), "code"));
        LanguageCode language = cmd.getLanguage() == null ? LanguageCode.JAVA : cmd.getLanguage();
        out.writeByte(language.code());
        out.writeShort(checkedShort(cmd.getVersion(), "version"));
        out.writeInt(cmd.getOpaque());
        out.writeInt(cmd.getFlag());
        writeIntPrefixed(cmd.getRemark(), out);
        int mapLengthAt = out.writerIndex();
        out.writeInt(0);
        Map<String, String> fields = cmd.getExtFields();
        if (fields != null) {
            for (Map.Entry<String, String> field : fields.entrySet()) {
                if (field.getKey() != null && field.getValue() != null) {
                    writeShortPrefixed(field.getKey(), out);
                    writeIntPrefixed(field.getValue(), out);
                }
            }
        }
        out.setInt(mapLengthAt, out.writerIndex() - mapLengthAt - 4);
    }

    private static void writeIntPrefixed(String text, ByteBuf out) {
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        if (text != null) {
            out.setInt(lengthAt, ByteBufUtil.writeUtf8(out, text));
        }
    }

    private static void writeShortPrefixed(String text, ByteBuf out) {
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        int length = ByteBufUtil.writeUtf8(out, text);
        if (length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("ext key of " + length + " bytes does not fit a binary header");
        }
        out.setShort(lengthAt, length);
    }

    private static int checkedShort(int value, String field) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException(field + " " + value + " does not fit the binary header's int16;"
                    + " send it with a JSON header");
        }
        return value;
    }
}

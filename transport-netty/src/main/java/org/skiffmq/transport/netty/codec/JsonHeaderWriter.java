package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Map;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Writes a command's JSON header straight into a buffer, byte for byte as fastjson (what RocketMQ
 * senders use) would: keys in alphabetical order, null members left out, no whitespace, UTF-8.
 *
 * <pre>
 * {"code":310,"extFields":{"a":"PG_TEST",...},"flag":0,"language":"JAVA","opaque":1,
 *  "remark":"...","serializeTypeCurrentRPC":"JSON","version":453}
 * </pre>
 *
 * <p>Escapes follow fastjson too: {@code \" \\ \b \t \n \f \r} in short form; the other control
 * characters (U+0000–U+001F) and U+007F–U+009F as {@code \\u00XX} with upper-case hex;
 * {@code /} and everything else as plain UTF-8. Ext fields keep the map's iteration order;
 * entries with a null key or value are left out. Stateless and thread-safe.
 */
public final class JsonHeaderWriter {
    private static final byte[] CODE = bytes("{\"code\":");
    private static final byte[] EXT_FIELDS = bytes(",\"extFields\":{");
    private static final byte[] FLAG = bytes(",\"flag\":");
    private static final byte[] LANGUAGE = bytes(",\"language\":\"");
    private static final byte[] OPAQUE = bytes("\",\"opaque\":");
    private static final byte[] REMARK = bytes(",\"remark\":");
    private static final byte[] SERIALIZE_TYPE_AND_VERSION = bytes(",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":");
    private static final byte[] HEX = bytes("0123456789ABCDEF");

    private JsonHeaderWriter() {
    }

    /** Appends the header of {@code cmd} at the writer index of {@code out}. */
    public static void write(RemotingCommand cmd, ByteBuf out) {
        out.writeBytes(CODE);
        writeInt(cmd.getCode(), out);
        if (cmd.getExtFields() != null) {
            writeExtFields(cmd.getExtFields(), out);
        }
        out.writeBytes(FLAG);
        writeInt(cmd.getFlag(), out);
        out.writeBytes(LANGUAGE);
        LanguageCode language = cmd.getLanguage() == null ? LanguageCode.JAVA : cmd.getLanguage();
        out.writeCharSequence(language.name(), US_ASCII);
        out.writeBytes(OPAQUE);
        writeInt(cmd.getOpaque(), out);
        if (cmd.getRemark() != null) {
            out.writeBytes(REMARK);
            writeString(cmd.getRemark(), out);
        }
        out.writeBytes(SERIALIZE_TYPE_AND_VERSION);
        writeInt(cmd.getVersion(), out);
        out.writeByte('}');
    }

    private static void writeExtFields(Map<String, String> fields, ByteBuf out) {
        out.writeBytes(EXT_FIELDS);
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getKey() == null || field.getValue() == null) {
                continue;
            }
            if (!first) {
                out.writeByte(',');
            }
            first = false;
            writeString(field.getKey(), out);
            out.writeByte(':');
            writeString(field.getValue(), out);
        }
        out.writeByte('}');
    }

    /** Decimal digits written in place: no String per number on the hot path. */
    static void writeInt(int value, ByteBuf out) {
        long n = value;
        if (n < 0) {
            out.writeByte('-');
            n = -n;
        }
        int digits = 1;
        for (long rest = n; rest >= 10; rest /= 10) {
            digits++;
        }
        out.ensureWritable(digits);
        int at = out.writerIndex();
        for (int i = at + digits - 1; i >= at; i--) {
            out.setByte(i, (int) ('0' + n % 10));
            n /= 10;
        }
        out.writerIndex(at + digits);
    }

    /** A quoted string: plain runs go out through Netty's UTF-8 writer, escapes in between. */
    static void writeString(String text, ByteBuf out) {
        out.writeByte('"');
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                if (i > run) {
                    ByteBufUtil.writeUtf8(out, text, run, i);
                }
                writeEscape(c, out);
                run = i + 1;
            }
        }
        if (run < length) {
            ByteBufUtil.writeUtf8(out, text, run, length);
        }
        out.writeByte('"');
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || (c >= 0x7F && c < 0xA0);
    }

    private static void writeEscape(char c, ByteBuf out) {
        out.writeByte('\\');
        switch (c) {
            case '"' -> out.writeByte('"');
            case '\\' -> out.writeByte('\\');
            case '\b' -> out.writeByte('b');
            case '\t' -> out.writeByte('t');
            case '\n' -> out.writeByte('n');
            case '\f' -> out.writeByte('f');
            case '\r' -> out.writeByte('r');
            default -> {
                out.writeByte('u');
                out.writeByte('0');
                out.writeByte('0');
                out.writeByte(HEX[c >> 4]);
                out.writeByte(HEX[c & 0xF]);
            }
        }
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(US_ASCII);
    }
}

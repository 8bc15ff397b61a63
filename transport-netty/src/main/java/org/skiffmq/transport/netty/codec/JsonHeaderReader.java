package org.skiffmq.transport.netty.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.skiffmq.api.remoting.LanguageCode;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.SerializeType;

/**
 * Reads a JSON Remoting header straight from its bytes: one pass, no JSON tree, no key strings
 * allocated for the known keys. This runs once per frame, so it stays a hand-written scanner.
 *
 * <p>Accepts what RocketMQ senders write and what fastjson tolerates of it: a flat object with
 * {@code code}, {@code language} (name or number), {@code version}, {@code opaque}, {@code flag},
 * {@code remark} and {@code extFields} (string values; numbers and booleans become their text,
 * null and nested values are dropped). Unknown keys, including {@code serializeTypeCurrentRPC},
 * are skipped whatever their value. Standard escapes, {@code \\uXXXX} and whitespace are
 * accepted. {@code extFields} keeps the order of the wire, so a decoded header re-encodes to the
 * same bytes. Absent fields keep fastjson's defaults: version 0, language JAVA.
 *
 * <p>Not thread-safe; an instance reads one header.
 */
public final class JsonHeaderReader {
    private static final byte[] CODE = ascii("code");
    private static final byte[] LANGUAGE = ascii("language");
    private static final byte[] VERSION = ascii("version");
    private static final byte[] OPAQUE = ascii("opaque");
    private static final byte[] FLAG = ascii("flag");
    private static final byte[] REMARK = ascii("remark");
    private static final byte[] EXT_FIELDS = ascii("extFields");
    private static final byte[][] KEYS = {CODE, LANGUAGE, VERSION, OPAQUE, FLAG, REMARK, EXT_FIELDS};
    private static final int NOT_IN_TABLE = -1;
    private static final LanguageCode[] LANGUAGES = LanguageCode.values();
    private static final byte[][] LANGUAGE_NAMES = new byte[LANGUAGES.length][];

    static {
        for (int i = 0; i < LANGUAGES.length; i++) {
            LANGUAGE_NAMES[i] = ascii(LANGUAGES[i].name());
        }
    }

    private final byte[] bytes;
    private final int start;
    private final int end;
    private int pos;

    private JsonHeaderReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.pos = start;
    }

    /**
     * Reads the {@code length} header bytes at {@code index} of {@code buf} (its reader index is
     * not moved).
     *
     * @throws RemotingFrameException when the bytes are not such a header
     */
    public static RemotingCommand read(ByteBuf buf, int index, int length) {
        if (buf.hasArray()) {
            int offset = buf.arrayOffset() + index;
            return new JsonHeaderReader(buf.array(), offset, offset + length).readCommand();
        }
        byte[] copy = new byte[length];
        buf.getBytes(index, copy);
        return new JsonHeaderReader(copy, 0, length).readCommand();
    }

    /** Reads a whole array as one header. @throws RemotingFrameException when it is not one */
    public static RemotingCommand read(byte[] header) {
        return new JsonHeaderReader(header, 0, header.length).readCommand();
    }

    private RemotingCommand readCommand() {
        RemotingCommand cmd = new RemotingCommand();
        cmd.setVersion(0);
        cmd.setSerializeType(SerializeType.JSON);
        expect('{');
        if (peekAfterWhitespace() == '}') {
            pos++;
        } else {
            readMembers(cmd);
        }
        if (peekAfterWhitespace() != -1) {
            throw error("unexpected bytes after the header object");
        }
        return cmd;
    }

    private void readMembers(RemotingCommand cmd) {
        while (true) {
            int key = readKey();
            expect(':');
            switch (key) {
                case 0 -> cmd.setCode(readInt("code", cmd.getCode()));
                case 1 -> cmd.setLanguage(readLanguage(cmd.getLanguage()));
                case 2 -> cmd.setVersion(readInt("version", cmd.getVersion()));
                case 3 -> cmd.setOpaque(readInt("opaque", cmd.getOpaque()));
                case 4 -> cmd.setFlag(readInt("flag", cmd.getFlag()));
                case 5 -> cmd.setRemark(readNullableString());
                case 6 -> cmd.setExtFields(readExtFields());
                default -> skipValue();
            }
            int c = nextAfterWhitespace();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    /** The index in {@link #KEYS} of the next member's key, or {@link #NOT_IN_TABLE}. */
    private int readKey() {
        if (peekAfterWhitespace() != '"') {
            throw error("expected a quoted key");
        }
        return readOneOf(KEYS);
    }

    /**
     * Reads the string at {@code pos} and returns its index in {@code table}, or -1 when it is none
     * of them. The bytes are compared where they lie, so a known key or name costs no String; an
     * escaped one (rare) is decoded first.
     */
    private int readOneOf(byte[][] table) {
        int from = pos + 1;
        int i = from;
        while (i < end && bytes[i] != '"' && bytes[i] != '\\') {
            i++;
        }
        if (i < end && bytes[i] == '"') {
            pos = i + 1;
            return indexIn(table, bytes, from, i - from);
        }
        byte[] decoded = readString().getBytes(UTF_8);
        return indexIn(table, decoded, 0, decoded.length);
    }

    private static int indexIn(byte[][] table, byte[] source, int from, int length) {
        for (int k = 0; k < table.length; k++) {
            if (table[k].length == length && regionEquals(source, from, table[k])) {
                return k;
            }
        }
        return NOT_IN_TABLE;
    }

    private static boolean regionEquals(byte[] source, int from, byte[] known) {
        for (int i = 0; i < known.length; i++) {
            if (source[from + i] != known[i]) {
                return false;
            }
        }
        return true;
    }

    /** A number, a numeric string (fastjson coerces it) or null (keeps {@code current}). */
    private int readInt(String field, int current) {
        int c = peekAfterWhitespace();
        if (c == 'n') {
            expectLiteral("null");
            return current;
        }
        if (c != '"') {
            return readIntDigits(field);
        }
        String text = readString();
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw error("'" + field + "' is not a 32-bit integer: " + text);
        }
    }

    /** An integer parsed in place: four per header, so no String for each. */
    private int readIntDigits(String field) {
        int from = pos;
        boolean negative = pos < end && bytes[pos] == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digitsFrom = pos;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9' && pos - digitsFrom < 11) {
            value = value * 10 + (bytes[pos] - '0');
            pos++;
        }
        value = negative ? -value : value;
        if (pos == digitsFrom || (pos < end && isNumberByte(bytes[pos]))
                || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            pos = from;
            throw error("'" + field + "' is not a 32-bit integer");
        }
        return (int) value;
    }

    private LanguageCode readLanguage(LanguageCode current) {
        int c = peekAfterWhitespace();
        if (c == 'n') {
            expectLiteral("null");
            return current;
        }
        if (c != '"') {
            return LanguageCode.ofCode(readInt("language", current.code()));
        }
        // Every header names its language: matched in place, no String for it.
        int known = readOneOf(LANGUAGE_NAMES);
        if (known != NOT_IN_TABLE) {
            return LANGUAGES[known];
        }
        // fastjson yields null for a name it does not know; OTHER is the api's "unknown".
        return LanguageCode.OTHER;
    }

    private String readNullableString() {
        int c = peekAfterWhitespace();
        if (c == 'n') {
            expectLiteral("null");
            return null;
        }
        if (c != '"') {
            throw error("expected a string");
        }
        return readString();
    }

    private Map<String, String> readExtFields() {
        int c = peekAfterWhitespace();
        if (c == 'n') {
            expectLiteral("null");
            return null;
        }
        expect('{');
        Map<String, String> fields = new LinkedHashMap<>();
        if (peekAfterWhitespace() == '}') {
            pos++;
            return fields;
        }
        while (true) {
            if (peekAfterWhitespace() != '"') {
                throw error("expected a quoted ext field name");
            }
            String key = readString();
            expect(':');
            String value = readExtValue();
            if (value != null) {
                fields.put(key, value);
            }
            int next = nextAfterWhitespace();
            if (next == '}') {
                return fields;
            }
            if (next != ',') {
                throw error("expected ',' or '}' in extFields");
            }
        }
    }

    /** A string as it is, a number or boolean as its text; null for null and nested values. */
    private String readExtValue() {
        int c = peekAfterWhitespace();
        switch (c) {
            case '"':
                return readString();
            case 't':
                expectLiteral("true");
                return "true";
            case 'f':
                expectLiteral("false");
                return "false";
            case 'n':
                expectLiteral("null");
                return null;
            case '{':
            case '[':
                skipValue();
                return null;
            default:
                return readNumberText();
        }
    }

    /** Reads a string starting at the opening quote at {@link #pos}. */
    private String readString() {
        int from = pos + 1;
        int i = from;
        while (i < end) {
            byte c = bytes[i];
            if (c == '"') {
                pos = i + 1;
                return new String(bytes, from, i - from, UTF_8);
            }
            if (c == '\\') {
                return readEscapedString(from, i);
            }
            i++;
        }
        throw error("unterminated string");
    }

    /**
     * The slow path of {@link #readString()}: the text from {@code from} with its first escape at
     * {@code i}. Escapes are ASCII, so UTF-8 runs between them are decoded whole; {@code \\u}
     * escapes append UTF-16 units, so a surrogate pair written as two escapes joins up by itself.
     */
    private String readEscapedString(int from, int i) {
        StringBuilder text = new StringBuilder(i - from + 16);
        int run = from;
        while (i < end) {
            byte c = bytes[i];
            if (c == '"') {
                text.append(new String(bytes, run, i - run, UTF_8));
                pos = i + 1;
                return text.toString();
            }
            if (c != '\\') {
                i++;
                continue;
            }
            text.append(new String(bytes, run, i - run, UTF_8));
            if (i + 1 >= end) {
                break;
            }
            byte escaped = bytes[i + 1];
            i += 2;
            switch (escaped) {
                case '"', '\\', '/', '\'' -> text.append((char) escaped);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append(hex4(i));
                    i += 4;
                }
                default -> {
                    pos = i - 1;
                    throw error("unknown escape '\\" + (char) escaped + "'");
                }
            }
            run = i;
        }
        pos = end;
        throw error("unterminated string");
    }

    private char hex4(int at) {
        if (at + 4 > end) {
            pos = at;
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(bytes[k], 16);
            if (digit < 0) {
                pos = k;
                throw error("bad hex digit in \\u escape");
            }
            value = (value << 4) | digit;
        }
        return (char) value;
    }

    private String readNumberText() {
        int from = pos;
        while (pos < end && isNumberByte(bytes[pos])) {
            pos++;
        }
        if (pos == from) {
            throw error("expected a value");
        }
        return new String(bytes, from, pos - from, UTF_8);
    }

    private static boolean isNumberByte(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    /** Skips any value, nested ones included, without recursion (depth is attacker-chosen). */
    private void skipValue() {
        int c = peekAfterWhitespace();
        switch (c) {
            case '"' -> readString();
            case 't' -> expectLiteral("true");
            case 'f' -> expectLiteral("false");
            case 'n' -> expectLiteral("null");
            case '{', '[' -> skipNested();
            default -> readNumberText();
        }
    }

    private void skipNested() {
        int depth = 0;
        do {
            if (pos >= end) {
                throw error("unterminated object or array");
            }
            byte c = bytes[pos];
            if (c == '"') {
                readString();
                continue;
            }
            pos++;
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        } while (depth > 0);
    }

    private void expectLiteral(String literal) {
        if (pos + literal.length() > end) {
            throw error("expected " + literal);
        }
        for (int k = 0; k < literal.length(); k++) {
            if (bytes[pos + k] != literal.charAt(k)) {
                throw error("expected " + literal);
            }
        }
        pos += literal.length();
    }

    private void expect(char c) {
        if (nextAfterWhitespace() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    /** The next non-whitespace byte without consuming it, or -1 at the end. */
    private int peekAfterWhitespace() {
        while (pos < end) {
            byte c = bytes[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
            pos++;
        }
        return -1;
    }

    private int nextAfterWhitespace() {
        int c = peekAfterWhitespace();
        pos++;
        return c;
    }

    private RemotingFrameException error(String why) {
        return new RemotingFrameException("bad JSON header at byte " + (Math.min(pos, end) - start) + ": " + why);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(UTF_8);
    }
}

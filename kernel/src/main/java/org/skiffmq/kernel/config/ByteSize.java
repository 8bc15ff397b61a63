package org.skiffmq.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A size in bytes, written in configuration as a number or with a unit: {@code 4m}, {@code 1g}, {@code 512k}. */
public record ByteSize(long bytes) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ByteSize parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1).trim();
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(digits), unit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write bytes or a number with k, m or g");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ByteSize of(long bytes) {
        return new ByteSize(bytes);
    }

    /** The size as an int, for settings that cannot exceed 2 GiB. */
    public int toIntExact(String setting) {
        if (bytes > Integer.MAX_VALUE || bytes < 0) {
            throw new IllegalArgumentException(setting + " must be between 0 and 2g; was " + bytes + " bytes");
        }
        return (int) bytes;
    }

    @JsonValue
    public long value() {
        return bytes;
    }
}

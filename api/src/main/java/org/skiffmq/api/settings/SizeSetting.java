package org.skiffmq.api.settings;

import java.util.Locale;

/**
 * Sizes as configuration writes them: bytes, or a number with {@code k}, {@code m} or {@code g}
 * ({@code 512k}, {@code 4m}, {@code 1g}; a trailing {@code b} is allowed). For settings records,
 * whose size components are text or numbers as the YAML gives them.
 */
public final class SizeSetting {

    private SizeSetting() {
    }

    /**
     * The size in bytes.
     *
     * @throws IllegalArgumentException naming {@code key} when {@code text} is not a size
     */
    public static long parse(String text, String key) {
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
            long bytes = Math.multiplyExact(Long.parseLong(digits), unit);
            if (bytes < 0) {
                throw new NumberFormatException();
            }
            return bytes;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(prefix(key) + "'" + text
                    + "' is not a size; write bytes or a number with k, m or g");
        }
    }

    /** The size in bytes, at most 2g; {@code fallback} when {@code text} is null. */
    public static int parseInt(String text, String key, int fallback) {
        if (text == null) {
            return fallback;
        }
        long bytes = parse(text, key);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be at most 2g; was " + text);
        }
        return (int) bytes;
    }

    private static String prefix(String key) {
        return key == null ? "" : key + ": ";
    }
}

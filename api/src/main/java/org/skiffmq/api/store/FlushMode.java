package org.skiffmq.api.store;

import java.util.Locale;

/** When an appended message counts as stored. */
public enum FlushMode {
    /** Acknowledged once in the page cache; a background flush writes it to disk (RocketMQ's default). */
    ASYNC,
    /** Acknowledged once fsync'ed; concurrent appends share one fsync (group commit). */
    SYNC;

    /**
     * The mode a setting names: {@code async} (also when null) or {@code sync}.
     *
     * @throws IllegalArgumentException naming {@code key} for anything else
     */
    public static FlushMode of(String text, String key) {
        if (text == null) {
            return ASYNC;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "async" -> ASYNC;
            case "sync" -> SYNC;
            default -> throw new IllegalArgumentException(key + " must be 'async' or 'sync'; was '" + text + "'");
        };
    }

    /** How configuration writes it. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}

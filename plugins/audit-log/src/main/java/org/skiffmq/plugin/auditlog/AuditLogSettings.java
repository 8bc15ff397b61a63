package org.skiffmq.plugin.auditlog;

import java.util.Locale;

/**
 * The {@code audit-log} section:
 * {@code audit-log: { file: /var/log/skiffmq/audit.log, maxFileSize: 100m, filesKept: 5, queueCapacity: 10000 }}.
 *
 * @param file          the audit file, required; a relative path resolves against the broker process's
 *                      working directory
 * @param maxFileSize   size at which the file is rolled, bytes or with {@code k}, {@code m}, {@code g}; default 100m
 * @param filesKept     rolled files kept besides the current one ({@code audit.log.1} newest); default 5
 * @param queueCapacity lines waiting for the writer; past it lines are dropped and counted; default 10000
 */
public record AuditLogSettings(String file, String maxFileSize, Integer filesKept, Integer queueCapacity) {

    public AuditLogSettings {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("setting 'file' is required: the path of the audit file, e.g."
                    + " file: /var/log/skiffmq/audit.log");
        }
        maxFileSize = maxFileSize == null ? "100m" : maxFileSize.trim();
        parseSize(maxFileSize);
        filesKept = filesKept == null ? 5 : filesKept;
        if (filesKept < 1) {
            throw new IllegalArgumentException("setting 'filesKept' must be a whole number of 1 or more; was " + filesKept);
        }
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("setting 'queueCapacity' must be a whole number of 1 or more; was "
                    + queueCapacity);
        }
    }

    /** {@link #maxFileSize()} in bytes. */
    public long maxFileBytes() {
        return parseSize(maxFileSize);
    }

    private static long parseSize(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long bytes = Math.multiplyExact(Long.parseLong(digits), unit);
            if (bytes >= 1024) {
                return bytes;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // refused below, with what is allowed
        }
        throw new IllegalArgumentException("setting 'maxFileSize' must be a size of at least 1k: bytes, or a whole"
                + " number with k, m or g (e.g. 100m); was '" + text + "'");
    }
}

package org.skiffmq.plugin.auditlog;

import org.skiffmq.api.settings.SizeSetting;

/**
 * The {@code audit-log} section:
 * {@code audit-log: { file: /var/log/skiffmq/audit.log, maxFileSize: 100m, filesKept: 5, queueCapacity: 10000 }}.
 *
 * @param file          the audit file, required; a relative path resolves against the broker process's
 *                      working directory
 * @param maxFileSize   size at which the file is rolled, bytes or with {@code k}, {@code m}, {@code g} (an
 *                      optional {@code b}: {@code 4mb}), as every size setting; default 100m
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

    /** The broker's size rule ({@link SizeSetting}: {@code 100m}, {@code 4mb}, bytes), at least 1k. */
    private static long parseSize(String text) {
        long bytes = SizeSetting.parse(text, "maxFileSize");
        if (bytes < 1024) {
            throw new IllegalArgumentException("setting 'maxFileSize' must be at least 1k (e.g. 100m); was '" + text + "'");
        }
        return bytes;
    }
}

package org.skiffmq.kernel.config;

/**
 * {@code transactions:} half messages, their END_TRANSACTION and the check-back of those left open.
 *
 * @param enabled             false: a transactional send is refused (NO_PERMISSION) instead (default true)
 * @param timeoutMillis       a half message without an outcome is checked once this old (default 6000;
 *                            the message's CHECK_IMMUNITY_TIME_IN_SECONDS overrides it)
 * @param checkIntervalMillis how often open half messages are looked at and checked (default 30000)
 * @param maxChecks           checks before a half message is set aside in TRANS_CHECK_MAX_TIME_TOPIC (default 15)
 */
public record TransactionSection(Boolean enabled, Long timeoutMillis, Long checkIntervalMillis, Integer maxChecks) {

    public TransactionSection {
        enabled = enabled == null || enabled;
        timeoutMillis = timeoutMillis == null ? 6000L : timeoutMillis;
        checkIntervalMillis = checkIntervalMillis == null ? 30_000L : checkIntervalMillis;
        maxChecks = maxChecks == null ? 15 : maxChecks;
        if (timeoutMillis < 0 || checkIntervalMillis < 10 || maxChecks < 1) {
            throw new IllegalArgumentException("transactions: timeoutMillis must be at least 0, checkIntervalMillis at"
                    + " least 10 and maxChecks at least 1; were " + timeoutMillis + ", " + checkIntervalMillis + ", "
                    + maxChecks);
        }
    }

    public static TransactionSection defaults() {
        return new TransactionSection(null, null, null, null);
    }
}

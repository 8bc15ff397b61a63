package org.skiffmq.plugin.maxrate;

/**
 * The {@code max-rate} section: {@code max-rate: { perSecond: 100, burst: 200, per: topic }}.
 *
 * @param perSecond messages per second allowed for each topic (or client), required, 1 or more
 * @param burst     messages allowed at once after a quiet spell; default {@code perSecond}
 * @param per       {@code topic} (one limit per topic) or {@code client} (one per producer host); default topic
 */
public record MaxRateSettings(Integer perSecond, Integer burst, String per) {
    public static final String TOPIC = "topic";
    public static final String CLIENT = "client";

    public MaxRateSettings {
        if (perSecond == null || perSecond < 1) {
            throw new IllegalArgumentException("setting 'perSecond' must be a whole number of 1 or more (messages per"
                    + " second); was " + perSecond);
        }
        if (burst == null) {
            burst = perSecond;
        } else if (burst < 1) {
            throw new IllegalArgumentException("setting 'burst' must be a whole number of 1 or more (messages at"
                    + " once); was " + burst);
        }
        if (per == null) {
            per = TOPIC;
        } else if (!per.equals(TOPIC) && !per.equals(CLIENT)) {
            throw new IllegalArgumentException("setting 'per' must be topic or client; was '" + per + "'");
        }
    }
}

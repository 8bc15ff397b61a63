package org.skiffmq.api.message;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Well-known property names and the properties string codec.
 *
 * <pre>
 *   name 0x01 value 0x02 name 0x01 value 0x02 ...      (UTF-8)
 * </pre>
 *
 * Writers end with 0x02 (RocketMQ 5.x style); the parser accepts a string with or without the
 * trailing separator (4.9.x writers drop it), skips pieces without a name or a 0x01, and lets a
 * later duplicate win.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';

    public static final String KEYS = "KEYS";
    public static final String TAGS = "TAGS";
    public static final String WAIT = "WAIT";
    public static final String DELAY = "DELAY";
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QID = "REAL_QID";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String TRAN_MSG = "TRAN_MSG";
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String CLUSTER = "CLUSTER";
    public static final String MSG_REGION = "MSG_REGION";
    public static final String TRACE_ON = "TRACE_ON";
    public static final String MIN_OFFSET = "MIN_OFFSET";
    public static final String MAX_OFFSET = "MAX_OFFSET";
    public static final String SHARDING_KEY = "__SHARDINGKEY";

    private MessageProperties() {
    }

    /** Encodes properties in map order, ending with the separator; null names or values are skipped. */
    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            sb.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue()).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /** Parses a properties string; null or empty gives an empty map. */
    public static Map<String, String> decode(String properties) {
        Map<String, String> map = new LinkedHashMap<>();
        if (properties == null || properties.isEmpty()) {
            return map;
        }
        int start = 0;
        int length = properties.length();
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = properties.indexOf(NAME_VALUE_SEPARATOR, start);
            if (split > start && split < end) {
                map.put(properties.substring(start, split), properties.substring(split + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    /** Decodes UTF-8 properties bytes. */
    public static Map<String, String> decode(byte[] bytes, int offset, int length) {
        return decode(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    /** The tag hash code the consume queue stores: {@code String.hashCode()} of the tag, 0 without one. */
    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0L : tags.hashCode();
    }
}

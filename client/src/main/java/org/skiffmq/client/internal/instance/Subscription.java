package org.skiffmq.client.internal.instance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One topic a consumer group reads and its tag expression, as heartbeats carry it (RocketMQ's
 * SubscriptionData): {@code TagA || TagB} becomes the tags {@code [TagA, TagB]} and their
 * {@code String.hashCode()} codes, which the broker compares with the consume queue's tag hash;
 * {@code *} (or blank) means every message and has no tags. Immutable.
 *
 * @param version a millisecond timestamp; brokers keep the newest subscription of a group
 */
public record Subscription(String topic, String expression, Set<String> tags, List<Integer> codes, long version) {
    public static final String ALL = "*";

    public Subscription {
        tags = Set.copyOf(tags);
        codes = List.copyOf(codes);
    }

    /**
     * Parses a tag expression.
     *
     * @throws IllegalArgumentException when the expression names no tag, e.g. {@code " || "}
     */
    public static Subscription of(String topic, String expression, long version) {
        if (expression == null || expression.isBlank() || expression.trim().equals(ALL)) {
            return new Subscription(topic, ALL, Set.of(), List.of(), version);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String piece : expression.split("\\|\\|")) {
            String tag = piece.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("tag expression '" + expression + "' of topic " + topic
                    + " names no tag; write tags separated by '||' (e.g. \"TagA || TagB\") or '*' for all");
        }
        return new Subscription(topic, expression.trim(), tags, tags.stream().map(String::hashCode).toList(), version);
    }

    public boolean matchesAll() {
        return tags.isEmpty();
    }

    /** The exact check the client makes after the broker's hash filter: hash collisions end here. */
    public boolean accepts(String messageTags) {
        return matchesAll() || (messageTags != null && tags.contains(messageTags));
    }
}

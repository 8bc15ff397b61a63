package org.skiffmq.plugin.topicallowlist;

import java.util.List;

/**
 * The {@code topic-allowlist} section: {@code topic-allowlist: { topics: [Orders, "audit-*"] }}.
 *
 * @param topics the topics that take sends, required; an entry ending in {@code *} allows every
 *               topic starting with what comes before it ({@code *} alone allows all)
 */
public record TopicAllowlistSettings(List<String> topics) {
    public TopicAllowlistSettings {
        if (topics == null) {
            throw new IllegalArgumentException("setting 'topics' is required: a list of topic names, where a"
                    + " trailing * matches a prefix, e.g. topics: [Orders, \"audit-*\"]");
        }
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("setting 'topics' must list topic names; one entry is empty");
            }
            int star = topic.indexOf('*');
            if (star >= 0 && star != topic.length() - 1) {
                throw new IllegalArgumentException("setting 'topics' allows * only at the end of a name (a prefix);"
                        + " was '" + topic + "'");
            }
        }
        topics = List.copyOf(topics);
    }
}

package org.skiffmq.plugin.topicallowlist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;
import org.skiffmq.api.settings.Configurable;

/**
 * Refuses sends to topics that are neither on the list nor start with one of its prefixes; the
 * producer gets NO_PERMISSION (not retried) with a remark naming the topic.
 */
public final class TopicAllowlistHook implements SendHook, Configurable<TopicAllowlistSettings> {

    /** The list split once into exact names and prefixes, so a send costs a set lookup and a short scan. */
    private record Allowlist(Set<String> names, List<String> prefixes) {
        static Allowlist of(List<String> topics) {
            Set<String> names = new HashSet<>();
            List<String> prefixes = new ArrayList<>();
            for (String topic : topics) {
                if (topic.endsWith("*")) {
                    prefixes.add(topic.substring(0, topic.length() - 1));
                } else {
                    names.add(topic);
                }
            }
            return new Allowlist(Set.copyOf(names), List.copyOf(prefixes));
        }

        boolean allows(String topic) {
            if (names.contains(topic)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (topic.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private volatile Allowlist allowlist;

    @Override
    public String name() {
        return "topic-allowlist";
    }

    @Override
    public Class<TopicAllowlistSettings> settingsType() {
        return TopicAllowlistSettings.class;
    }

    @Override
    public void configure(TopicAllowlistSettings settings) {
        allowlist = Allowlist.of(settings.topics());
    }

    @Override
    public void before(SendContext context) throws SendRejectedException {
        Allowlist list = allowlist;
        if (list == null) {
            throw new IllegalStateException("topic-allowlist has no settings; the broker configures it before the"
                    + " first send, so it was used outside a broker");
        }
        if (!list.allows(context.topic())) {
            throw SendRejectedException.noPermission("Topic " + context.topic()
                    + " is not on this broker's allowlist (topic-allowlist hook); send to an allowed topic or add it"
                    + " to topic-allowlist.topics");
        }
    }
}

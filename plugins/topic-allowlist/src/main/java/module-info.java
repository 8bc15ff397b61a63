/** The {@code topic-allowlist} send hook: only topics on a list (or matching a prefix pattern) take sends. */
module org.skiffmq.plugin.topicallowlist {
    requires org.skiffmq.api;

    // The broker binds TopicAllowlistSettings by reflection.
    exports org.skiffmq.plugin.topicallowlist;

    provides org.skiffmq.api.hook.SendHook with org.skiffmq.plugin.topicallowlist.TopicAllowlistHook;
}

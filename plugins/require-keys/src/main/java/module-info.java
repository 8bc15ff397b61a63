/** The {@code require-keys} send hook: refuses messages without business keys. */
module org.skiffmq.plugin.requirekeys {
    requires org.skiffmq.api;

    provides org.skiffmq.api.hook.SendHook with org.skiffmq.plugin.requirekeys.RequireKeysHook;
}

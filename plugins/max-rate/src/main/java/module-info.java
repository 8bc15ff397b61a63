/** The {@code max-rate} send hook: a token-bucket send rate limit per topic or per client address. */
module org.skiffmq.plugin.maxrate {
    requires org.skiffmq.api;

    // The broker binds MaxRateSettings by reflection.
    exports org.skiffmq.plugin.maxrate;

    provides org.skiffmq.api.hook.SendHook with org.skiffmq.plugin.maxrate.MaxRateHook;
}

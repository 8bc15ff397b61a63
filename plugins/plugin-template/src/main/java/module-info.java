/** The {@code example-hook} send hook. The broker loads it from the plugin zip's class path. */
module com.example.examplehook {
    requires org.skiffmq.api;

    provides org.skiffmq.api.hook.SendHook with com.example.examplehook.ExampleHook;
}

package org.skiffmq.kernel.metrics;

/** A plugin as {@code skiff_plugin_state} labels it: its id, version and state (started, failed). */
public record PluginState(String id, String version, String state) {
}

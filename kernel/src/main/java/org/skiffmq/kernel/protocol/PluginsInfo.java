package org.skiffmq.kernel.protocol;

import java.util.List;

/**
 * The body of every SkiffMQ plugin-control answer: the plugins installed, and the send hooks
 * (active ones first, in the order they run; then the installed ones that are not active).
 */
public record PluginsInfo(long chainVersion, List<Plugin> plugins, List<Hook> hooks) {

    /** A plugin file: its id, version, state (STARTED or FAILED), why it failed, and its extensions. */
    public record Plugin(String id, String version, String state, String file, String problem,
            List<String> extensions) {
    }

    /**
     * A send hook: its place in the chain (0 when inactive), where it comes from, its failures
     * (calls that threw), and from the broker's metrics its calls (before and after) and p99 call
     * time in ms; those two are null when the broker's metrics are off.
     */
    public record Hook(String name, int position, String origin, long failures, Long calls, Double p99Millis) {
    }
}

package org.skiffmq.kernel.plugin;

/** A plugin-control request that could not be carried out; the message says why and what to do. */
public final class PluginControlException extends Exception {
    public PluginControlException(String message) {
        super(message);
    }
}

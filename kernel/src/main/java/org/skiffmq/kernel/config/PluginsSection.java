package org.skiffmq.kernel.config;

/**
 * {@code plugins:} where plugin zips live.
 *
 * @param dir folder of PF4J plugin zips (default {@code ./plugins}); a missing folder means none
 */
public record PluginsSection(String dir) {

    public PluginsSection {
        dir = dir == null ? "./plugins" : dir;
    }

    public static PluginsSection defaults() {
        return new PluginsSection(null);
    }
}

package org.skiffmq.kernel.config;

/**
 * {@code plugins:} where plugin zips live, and whether they can be changed while the broker runs.
 *
 * @param dir     folder of PF4J plugin zips (default {@code ./plugins}); a missing folder means none
 * @param control whether {@code bin/skiff plugins} may install, reload, enable or reorder plugins
 *                and hooks while the broker runs (default true; false refuses every such request,
 *                listing still works)
 */
public record PluginsSection(String dir, Boolean control) {

    public PluginsSection {
        dir = dir == null ? "./plugins" : dir;
        control = control == null || control;
    }

    public PluginsSection(String dir) {
        this(dir, null);
    }

    public static PluginsSection defaults() {
        return new PluginsSection(null, null);
    }

    public boolean controlEnabled() {
        return control;
    }
}

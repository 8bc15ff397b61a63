package org.skiffmq.kernel.plugin;

import java.util.regex.Pattern;

/**
 * Which plugin ids may name a file: an installed plugin is kept as {@code <plugins dir>/<id>.zip},
 * so an id with a path separator or {@code ..} could write outside that folder.
 */
final class PluginIds {
    static final String RULE = "a plugin id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
            + " digit, without '..'";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private PluginIds() {
    }

    static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches() && !id.contains("..");
    }
}

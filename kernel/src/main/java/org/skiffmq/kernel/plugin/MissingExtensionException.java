package org.skiffmq.kernel.plugin;

import java.util.Collection;

/** Configuration names an extension that is not installed. The message is one line: what, and what is installed. */
public class MissingExtensionException extends Exception {
    private static final long serialVersionUID = 1L;

    public MissingExtensionException(String kind, String name, String configKey, Collection<String> installed) {
        super(kind + " '" + name + "' named in " + configKey + " is not installed; installed " + kind + "s: "
                + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + ". Put its plugin zip in the plugins directory or change " + configKey + ".");
    }
}

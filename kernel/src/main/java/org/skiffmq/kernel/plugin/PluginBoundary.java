package org.skiffmq.kernel.plugin;

import java.util.List;

/**
 * What a plugin may take from the broker's class path: the JDK, SkiffMQ's {@code api}, the
 * public package of the mmap store (so a store plugin can build on the local store, as the raft
 * store does, instead of bringing a second copy of it) and the slf4j logging API. Everything else, the kernel's internals and the libraries the broker happens
 * to use (Netty, Jackson, PF4J's internals), is invisible to plugins, so a plugin built against
 * {@code api} keeps working when the kernel changes, and brings its own libraries in its zip.
 */
final class PluginBoundary {
    static final String API_PACKAGE = "org.skiffmq.api.";
    /** The mmap store's exported package; its {@code internal} package stays the store's own. */
    static final String MMAP_PACKAGE = "org.skiffmq.store.mmap.";
    private static final String SKIFFMQ = "org.skiffmq.";
    private static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.w3c.dom.", "org.xml.sax.", "org.ietf.jgss.", API_PACKAGE, "org.slf4j.",
            // PF4J's Plugin base class, for plugins that declare a plugin.class.
            "org.pf4j.Plugin", "org.pf4j.PluginWrapper", "org.pf4j.PluginDescriptor", "org.pf4j.RuntimeMode",
            "org.pf4j.Extension", "org.pf4j.ExtensionPoint", "org.pf4j.PluginRuntimeException");

    private PluginBoundary() {
    }

    /** Whether the broker lends this class to plugins. */
    static boolean isShared(String className) {
        if (className.startsWith(MMAP_PACKAGE)) {
            return isMmapPublic(className);
        }
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a reference to this class (binary name with dots) reaches into SkiffMQ past the api. */
    static boolean isKernelInternal(String className) {
        return className.startsWith(SKIFFMQ) && !className.startsWith(API_PACKAGE) && !isMmapPublic(className);
    }

    private static boolean isMmapPublic(String className) {
        return className.startsWith(MMAP_PACKAGE) && className.indexOf('.', MMAP_PACKAGE.length()) < 0;
    }

    static String rule() {
        return "plugins may use org.skiffmq.api, org.skiffmq.store.mmap, org.slf4j and the JDK from the broker, "
                + "and bring any other library in their zip's lib/";
    }
}

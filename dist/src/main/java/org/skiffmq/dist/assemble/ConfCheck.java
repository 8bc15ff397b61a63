package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.plugin.ExtensionCatalog;

/**
 * Checks that the {@code conf/broker.yaml} copied into a new distribution names only what that
 * distribution has: its store and transport, send hooks and plugin sections its plugins provide,
 * and its own {@code plugins/} folder. A broker started from it then does not stop at once on a
 * missing extension.
 */
public final class ConfCheck {

    private ConfCheck() {
    }

    /**
     * Send hooks and plugin sections the configuration names that the plugins do not provide. Only
     * the chosen plugins are loaded, from a scratch folder holding just their zips.
     */
    private static List<String> absentExtensions(SkiffConfig config, Path pluginsDir, List<String> plugins)
            throws DistException {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("skiff-dist-plugins");
            for (String id : plugins) {
                Files.copy(pluginsDir.resolve(id + ".zip"), scratch.resolve(id + ".zip"));
            }
            List<String> problems = new ArrayList<>();
            try (ExtensionCatalog catalog = ExtensionCatalog.discover(scratch)) {
                Collection<String> hooks = catalog.sendHookNames();
                for (String hook : config.send().hooks()) {
                    if (!hooks.contains(hook)) {
                        problems.add("send.hooks names '" + hook + "', which none of the chosen plugins "
                                + plugins + " provides");
                    }
                }
                TreeSet<String> sections = new TreeSet<>(config.pluginSections().keySet());
                sections.removeAll(catalog.allNames());
                for (String section : sections) {
                    problems.add("it has a '" + section + "' section, and no chosen plugin is called that");
                }
            }
            return problems;
        } catch (IOException e) {
            throw DistException.failed("cannot load the chosen plugins to check conf/broker.yaml: " + e, e);
        } finally {
            Tree.delete(scratch);
        }
    }

    /**
     * @param distHome the new distribution
     * @param options  what it was assembled with
     * @throws DistException naming each key that names something absent, and what to do
     */
    public static void check(Path distHome, DistOptions options) throws DistException {
        Path file = distHome.resolve("conf/broker.yaml");
        if (!Files.isRegularFile(file)) {
            return; // the broker runs the defaults: mmap, netty, no hooks
        }
        SkiffConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw DistException.badRequest("the configuration to copy does not load: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        if (!config.store().engine().equals(options.store())) {
            problems.add("store.engine is '" + config.store().engine() + "' but --store is '" + options.store() + "'");
        }
        if (!config.transport().engine().equals(options.transport())) {
            problems.add("transport is '" + config.transport().engine() + "' but --transport is '"
                    + options.transport() + "'");
        }
        Path pluginsDir = distHome.resolve(config.plugins().dir()).normalize();
        if (!pluginsDir.equals(distHome.resolve("plugins")) && !options.plugins().isEmpty()) {
            problems.add("plugins.dir is '" + config.plugins().dir() + "', so the plugins shipped in plugins/ would"
                    + " not be loaded");
        }
        problems.addAll(absentExtensions(config, distHome.resolve("plugins"), options.plugins()));
        if (!problems.isEmpty()) {
            throw DistException.badRequest("conf/broker.yaml of this distribution does not fit the one asked for: "
                    + String.join("; ", problems) + ". Add the missing plugins to --plugins, or change"
                    + " conf/broker.yaml and run skiff dist again");
        }
    }
}

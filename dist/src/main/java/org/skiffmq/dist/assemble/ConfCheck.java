package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.skiffmq.api.access.AccessControl;
import org.skiffmq.kernel.broker.StorePlan;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.ConfigLoader;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.MissingExtensionException;

/**
 * Checks that the configurations copied into a new distribution ({@code conf/broker.yaml} and the
 * store's examples in {@code conf/<store>/}, see {@link ConfSelection}) name only what that
 * distribution has: its store, with settings that store accepts, and its transport; send hooks,
 * the access control and plugin sections its plugins provide; and its own {@code plugins/} folder. A broker started
 * from any of them then does not stop at once on a missing extension or a bad store setting.
 */
public final class ConfCheck {

    /**
     * One configuration of the new distribution, as loaded.
     *
     * @param file its path in the distribution, with {@code /}: {@code conf/broker.yaml}, {@code conf/raft/broker-n0.yaml}
     */
    public record Checked(String file, SkiffConfig config) {
    }

    private ConfCheck() {
    }

    /**
     * @param distHome the new distribution
     * @param options  what it was assembled with; {@code plugins} are all the zips it ships,
     *                 the store's own plugin included
     * @return the configurations checked, {@code conf/broker.yaml} first; none when it has none
     *         (then the broker runs the defaults: mmap, netty, no hooks)
     * @throws DistException naming each file and each key that names something absent, and what to do
     */
    public static List<Checked> check(Path distHome, DistOptions options) throws DistException {
        List<String> files = new ArrayList<>();
        if (Files.isRegularFile(distHome.resolve("conf").resolve(ConfSelection.BROKER_YAML))) {
            files.add(ConfSelection.BROKER_YAML);
        }
        files.addAll(ConfSelection.examples(distHome.resolve("conf"), options.store()));
        List<Checked> configs = new ArrayList<>();
        for (String name : files) {
            String file = "conf/" + name;
            try {
                configs.add(new Checked(file, ConfigLoader.load(distHome.resolve(file))));
            } catch (ConfigException e) {
                throw DistException.badRequest(file + ", the configuration to copy, does not load: " + e.getMessage());
            }
        }
        if (configs.isEmpty()) {
            return configs;
        }
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Checked c : configs) {
            problems.put(c.file(), settingProblems(c.config(), distHome, options));
        }
        extensionProblems(configs, distHome, options, problems);
        problems.values().removeIf(List::isEmpty);
        if (!problems.isEmpty()) {
            List<String> each = new ArrayList<>();
            problems.forEach((file, list) -> each.add(file + " of this distribution does not fit the one asked for: "
                    + String.join("; ", list)));
            throw DistException.badRequest(String.join(". ", each) + ". Add the missing plugins to --plugins, or"
                    + " change " + String.join(", ", problems.keySet()) + " and run skiff dist again");
        }
        return configs;
    }

    /** What the configuration names that differs from the options: store, transport, plugins folder. */
    private static List<String> settingProblems(SkiffConfig config, Path distHome, DistOptions options) {
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
        return problems;
    }

    /**
     * Send hooks and plugin sections the configurations name that the plugins do not provide, and
     * store settings the store refuses. Only the shipped plugins are loaded, from a scratch folder
     * holding just their zips.
     */
    private static void extensionProblems(List<Checked> configs, Path distHome, DistOptions options,
            Map<String, List<String>> problems) throws DistException {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("skiff-dist-plugins");
            for (String id : options.plugins()) {
                Files.copy(distHome.resolve("plugins").resolve(id + ".zip"), scratch.resolve(id + ".zip"));
            }
            try (ExtensionCatalog catalog = ExtensionCatalog.discover(scratch)) {
                for (Checked c : configs) {
                    problems.get(c.file()).addAll(extensionProblems(c.config(), catalog, distHome, options));
                }
            }
        } catch (IOException e) {
            throw DistException.failed("cannot load the chosen plugins to check the configuration: " + e, e);
        } finally {
            Tree.delete(scratch);
        }
    }

    private static List<String> extensionProblems(SkiffConfig config, ExtensionCatalog catalog, Path distHome,
            DistOptions options) {
        List<String> problems = new ArrayList<>();
        Collection<String> hooks = catalog.sendHookNames();
        for (String hook : config.send().hooks()) {
            if (!hooks.contains(hook)) {
                problems.add("send.hooks names '" + hook + "', which none of the chosen plugins "
                        + options.plugins() + " provides");
            }
        }
        if (config.access().enabled()
                && !(catalog.extension(config.access().control()) instanceof AccessControl)) {
            problems.add("access.control names '" + config.access().control() + "', which none of the chosen plugins "
                    + options.plugins() + " provides");
        }
        TreeSet<String> sections = new TreeSet<>(config.pluginSections().keySet());
        sections.removeAll(catalog.allNames());
        for (String section : sections) {
            problems.add("it has a '" + section + "' section, and no chosen plugin is called that");
        }
        if (config.store().engine().equals(options.store())) {
            // The store's own record binds and checks its settings, as at a broker's start.
            try {
                StorePlan.of(catalog.store(options.store(), "store.engine"), config.store(), distHome);
            } catch (MissingExtensionException | ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }
}

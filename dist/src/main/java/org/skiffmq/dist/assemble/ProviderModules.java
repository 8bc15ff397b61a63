package org.skiffmq.dist.assemble;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.api.transport.TransportProvider;
import org.skiffmq.kernel.plugin.ExtensionCatalog;
import org.skiffmq.kernel.plugin.LoadedPlugin;

/**
 * Which module of the running distribution (the boot layer) provides a piece: the store or
 * transport of a given name, found with ServiceLoader, and the SLF4J logging backend, which SLF4J
 * binds through ServiceLoader too and no module {@code requires}. A store may also come from a
 * plugin zip of the running distribution's {@code plugins/} (the raft store does): then the zip
 * is the piece, found by loading the zips as the broker does.
 */
public final class ProviderModules {
    private static final String SLF4J_PROVIDER = "org.slf4j.spi.SLF4JServiceProvider";
    /**
     * The mmap store's module. The kernel lends its public package to plugins so that a store
     * plugin can build on the local store rather than bring its own copy (the raft store applies
     * committed messages to an mmap store), so a distribution with a store from a plugin carries
     * this module in lib/ too.
     */
    static final String MMAP_STORE_MODULE = "org.skiffmq.store.mmap";
    private static final String ZIP = ".zip";

    private final Path pluginsDir;

    /** @param pluginsDir the running distribution's {@code plugins/}, searched for stores no module provides */
    public ProviderModules(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
    }

    /**
     * Where a store comes from.
     *
     * @param modules the modules of lib/ to start from: the store's own, or the one a plugin store builds on
     * @param plugin  the id of the plugin zip in plugins/ that provides the store, or null for a built-in
     */
    public record StoreSource(List<String> modules, String plugin) {
        public StoreSource {
            modules = List.copyOf(modules);
        }
    }

    /** The module, or the plugin zip, providing the store engine called {@code name}. */
    public StoreSource store(String name) throws DistException {
        TreeSet<String> installed = new TreeSet<>();
        String module = moduleOf(ServiceLoader.load(StoreProvider.class), StoreProvider::name, "store", name,
                installed);
        if (module != null) {
            return new StoreSource(List.of(module), null);
        }
        // Not built in: load the plugin zips, as the broker would, and ask them.
        try (ExtensionCatalog catalog = ExtensionCatalog.discover(pluginsDir)) {
            for (String extension : catalog.allNames()) {
                if (catalog.extension(extension) instanceof StoreProvider<?>) {
                    installed.add(extension);
                }
            }
            LoadedPlugin plugin = catalog.extension(name) instanceof StoreProvider<?> ? catalog.pluginOf(name) : null;
            if (plugin != null) {
                return new StoreSource(List.of(MMAP_STORE_MODULE), zipId(plugin, name));
            }
            List<String> failed = catalog.plugins().stream().filter(p -> !p.isStarted())
                    .map(p -> p.id() + " (" + p.problem() + ")").toList();
            throw unknown("store", "--store", name, installed, failed.isEmpty() ? ""
                    : "; plugins that did not load: " + String.join(", ", failed));
        }
    }

    /** The module providing the transport called {@code name}. */
    public String transport(String name) throws DistException {
        TreeSet<String> installed = new TreeSet<>();
        String module = moduleOf(ServiceLoader.load(TransportProvider.class), TransportProvider::name, "transport",
                name, installed);
        if (module == null) {
            throw unknown("transport", "--transport", name, installed, "");
        }
        return module;
    }

    /** The modules that provide an SLF4J backend (logback in the shipped distribution); may be empty. */
    public List<String> loggingBackends() {
        return ModuleLayer.boot().modules().stream()
                .filter(m -> m.getDescriptor().provides().stream().anyMatch(p -> p.service().equals(SLF4J_PROVIDER)))
                .map(Module::getName)
                .sorted()
                .toList();
    }

    /** The providing module's name, or null, having added every provider's name to {@code installed}. */
    private static <T> String moduleOf(ServiceLoader<T> loader, Function<T, String> nameOf, String kind,
            String name, TreeSet<String> installed) throws DistException {
        for (T provider : loader) {
            String providerName = nameOf.apply(provider);
            Module module = provider.getClass().getModule();
            if (providerName.equals(name)) {
                if (!module.isNamed()) {
                    throw DistException.badRequest(kind + " '" + name + "' is on the class path, not in a module of"
                            + " lib/; run skiff dist from a distribution's bin/skiff");
                }
                return module.getName();
            }
            installed.add(providerName);
        }
        return null;
    }

    /** The id {@code --plugins} would use for the plugin's file: its name without {@code .zip}. */
    private static String zipId(LoadedPlugin plugin, String store) throws DistException {
        String file = plugin.source().getFileName().toString();
        if (!file.endsWith(ZIP)) {
            throw DistException.badRequest("store '" + store + "' comes from " + plugin.source() + ", and skiff dist"
                    + " ships plugin zips only; pack the plugin as a zip in plugins/");
        }
        return file.substring(0, file.length() - ZIP.length());
    }

    private static DistException unknown(String kind, String option, String name, TreeSet<String> installed,
            String more) {
        return DistException.badRequest("no " + kind + " called '" + name + "' in this distribution; " + option
                + " takes one of: " + (installed.isEmpty() ? "none installed" : installed.stream()
                .collect(Collectors.joining(", "))) + more);
    }
}

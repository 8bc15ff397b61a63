package org.skiffmq.dist.assemble;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.api.transport.TransportProvider;

/**
 * Which module of the running distribution (the boot layer) provides a piece: the store or
 * transport of a given name, found with ServiceLoader, and the SLF4J logging backend, which SLF4J
 * binds through ServiceLoader too and no module {@code requires}.
 */
public final class ProviderModules {
    private static final String SLF4J_PROVIDER = "org.slf4j.spi.SLF4JServiceProvider";

    /** The module providing the store engine called {@code name}. */
    public String store(String name) throws DistException {
        return moduleOf(ServiceLoader.load(StoreProvider.class), StoreProvider::name, "store", "--store", name);
    }

    /** The module providing the transport called {@code name}. */
    public String transport(String name) throws DistException {
        return moduleOf(ServiceLoader.load(TransportProvider.class), TransportProvider::name, "transport",
                "--transport", name);
    }

    /** The modules that provide an SLF4J backend (logback in the shipped distribution); may be empty. */
    public List<String> loggingBackends() {
        return ModuleLayer.boot().modules().stream()
                .filter(m -> m.getDescriptor().provides().stream().anyMatch(p -> p.service().equals(SLF4J_PROVIDER)))
                .map(Module::getName)
                .sorted()
                .toList();
    }

    private static <T> String moduleOf(ServiceLoader<T> loader, Function<T, String> nameOf, String kind,
            String option, String name) throws DistException {
        TreeSet<String> installed = new TreeSet<>();
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
        throw DistException.badRequest("no " + kind + " called '" + name + "' in this distribution; " + option
                + " takes one of: " + (installed.isEmpty() ? "none installed" : installed.stream()
                .collect(Collectors.joining(", "))));
    }
}

package org.skiffmq.dist.assemble;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jars of a {@code lib/} folder that a set of root modules needs, found the way the JVM finds
 * them: the roots are resolved with {@link Configuration#resolve} over the folder (JDK modules
 * from the runtime image), and every resolved module that lives in the folder is kept.
 *
 * <p>Services are not bound, so a root's {@code uses} does not pull in every provider in the
 * folder; providers that are wanted must be roots. Jars without a module descriptor (automatic
 * modules) come as a group: once one is needed the JDK resolves all of them, since it cannot
 * know which of them an automatic module needs.
 */
public final class ModuleSelection {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleSelection.class);

    /** One module chosen: its name and its jar. */
    public record Selected(String module, Path jar) {
    }

    private ModuleSelection() {
    }

    /**
     * The modules of {@code lib} that {@code roots} need, by module name.
     *
     * @throws DistException when a root or one of its dependencies is missing from {@code lib}
     */
    public static List<Selected> select(Path lib, Collection<String> roots) throws DistException {
        Path dir = lib.toAbsolutePath().normalize();
        Configuration resolved;
        try {
            resolved = Configuration.empty().resolve(ModuleFinder.of(dir), ModuleFinder.ofSystem(), Set.copyOf(roots));
        } catch (FindException | ResolutionException e) {
            throw DistException.failed("the modules " + roots + " cannot be resolved from " + dir + ": "
                    + e.getMessage() + "; the distribution's lib/ is incomplete, rebuild or reinstall it", e);
        }
        List<Selected> selected = resolved.modules().stream()
                .filter(m -> m.reference().location().isPresent())
                .map(m -> new Selected(m.name(), jarOf(m)))
                .filter(s -> s.jar() != null && dir.equals(s.jar().getParent()))
                .sorted(Comparator.comparing(Selected::module))
                .toList();
        LOG.info("Roots {} need {} of the modules in {}", roots, selected.size(), dir);
        return selected;
    }

    private static Path jarOf(ResolvedModule module) {
        URI location = module.reference().location().orElseThrow();
        return "file".equals(location.getScheme()) ? Path.of(location).toAbsolutePath().normalize() : null;
    }
}

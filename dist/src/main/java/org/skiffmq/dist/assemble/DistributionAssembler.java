package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a distribution with only the named pieces out of an installed one ({@code home}):
 * {@code bin/skiff}, the configuration for its store ({@link ConfSelection}: {@code conf/broker.yaml},
 * {@code conf/logback.xml}, the store's examples in {@code conf/<store>/}), the {@code lib/} jars
 * the root modules need ({@link ModuleSelection}) and the chosen plugin zips
 * ({@link PluginSelection}). Nothing else: no {@code bench/}, no data, no logs.
 */
public final class DistributionAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(DistributionAssembler.class);
    private final Path home;

    public DistributionAssembler(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * Creates {@code out} (which must be missing or empty) and fills it.
     *
     * @param roots   modules to start from: the launcher, the store, the transport, the logging backend
     * @param plugins plugin ids to ship
     * @param store   the store's name, which chooses the configuration files
     * @return every file written, launcher and configuration first, then modules, then plugins
     * @throws DistException when {@code out} is in use, a piece is missing, or a copy fails
     */
    public List<Piece> assemble(Path out, Collection<String> roots, List<String> plugins, String store)
            throws DistException {
        refuseUsed(out);
        List<String> conf = ConfSelection.select(home.resolve("conf"), store);
        List<ModuleSelection.Selected> modules = ModuleSelection.select(home.resolve("lib"), roots);
        List<PluginSelection.Selected> zips = PluginSelection.select(home.resolve("plugins"), plugins);
        List<Piece> pieces = new ArrayList<>();
        try {
            pieces.add(copy(home.resolve("bin/skiff"), out, "bin/skiff", "launcher", "skiff"));
            for (String name : conf) {
                pieces.add(copy(home.resolve("conf").resolve(name), out, "conf/" + name, "config", name));
            }
            for (ModuleSelection.Selected m : modules) {
                pieces.add(copy(m.jar(), out, "lib/" + m.jar().getFileName(), "module", m.module()));
            }
            for (PluginSelection.Selected p : zips) {
                pieces.add(copy(p.zip(), out, "plugins/" + p.zip().getFileName(), "plugin", p.id()));
            }
        } catch (IOException e) {
            throw DistException.failed("copying into " + out + " failed: " + e
                    + "; remove " + out + " and run skiff dist again", e);
        }
        LOG.info("Assembled {} files into {} from {}", pieces.size(), out, home);
        return pieces;
    }

    private static Piece copy(Path source, Path out, String relative, String kind, String name) throws IOException {
        Path target = out.resolve(relative);
        Files.createDirectories(target.getParent());
        // COPY_ATTRIBUTES keeps bin/skiff executable.
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        return new Piece(kind, name, relative, Files.size(target));
    }

    private static void refuseUsed(Path out) throws DistException {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw DistException.badRequest("--out " + out + " is a file; name a folder that does not exist yet or is empty");
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw DistException.badRequest("--out " + out + " is not empty; name a new folder, or empty this one"
                        + " first (skiff dist never overwrites)");
            }
        } catch (IOException e) {
            throw DistException.failed("cannot read --out " + out + ": " + e.getMessage(), e);
        }
    }
}

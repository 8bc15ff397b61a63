package org.skiffmq.dist.assemble;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The plugin zips of a {@code plugins/} folder chosen by id: the zip's name without {@code .zip}. */
public final class PluginSelection {
    private static final String ZIP = ".zip";

    /** One plugin chosen: its id and its zip. */
    public record Selected(String id, Path zip) {
    }

    private PluginSelection() {
    }

    /**
     * The zips of {@code ids}, in that order.
     *
     * @throws DistException naming the ids that have no zip and the ids that do
     */
    public static List<Selected> select(Path pluginsDir, List<String> ids) throws DistException {
        List<String> available = available(pluginsDir);
        List<String> unknown = ids.stream().filter(id -> !available.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw DistException.badRequest("no plugin " + String.join(", ", unknown) + " in " + pluginsDir
                    + "; --plugins takes ids of the zips there: "
                    + (available.isEmpty() ? "none installed" : String.join(", ", available)));
        }
        List<Selected> selected = new ArrayList<>();
        for (String id : ids) {
            selected.add(new Selected(id, pluginsDir.resolve(id + ZIP)));
        }
        return selected;
    }

    /** Ids of the zips in {@code pluginsDir}, sorted; none when it is missing. */
    static List<String> available(Path pluginsDir) throws DistException {
        if (!Files.isDirectory(pluginsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pluginsDir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(ZIP))
                    .map(n -> n.substring(0, n.length() - ZIP.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw DistException.failed("cannot list " + pluginsDir + ": " + e.getMessage(), e);
        }
    }
}

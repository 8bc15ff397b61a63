package org.skiffmq.dist.newplugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a new plugin project: the template's files, renamed for the request, under
 * {@code request.projectDir()}, which must not exist yet or be empty.
 */
public final class PluginProjectGenerator {
    private final Map<String, String> template;
    private final String skiffVersion;

    PluginProjectGenerator(Map<String, String> template, String skiffVersion) {
        this.template = template;
        this.skiffVersion = skiffVersion;
    }

    /** A generator for the template packed in this jar, for projects building against {@code skiffVersion}. */
    public static PluginProjectGenerator fromBundledTemplate(String skiffVersion) {
        return new PluginProjectGenerator(TemplateFiles.load(), skiffVersion);
    }

    /**
     * Creates the project and returns the paths written, relative to the project folder.
     *
     * @throws IllegalArgumentException when the project folder exists and is not empty
     */
    public List<String> generate(NewPluginRequest request) throws IOException {
        Path dir = request.projectDir();
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new IllegalArgumentException(dir + " already exists and is not empty; remove it, pick another"
                    + " plugin id, or pass --out DIR");
        }
        TemplateRenamer renamer = new TemplateRenamer(request, skiffVersion);
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, String> file : template.entrySet()) {
            String path = renamer.path(file.getKey());
            Path target = dir.resolve(path);
            Files.createDirectories(target.getParent());
            Files.writeString(target, renamer.text(file.getValue()), StandardCharsets.UTF_8);
            written.add(path);
        }
        written.sort(null);
        return written;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}

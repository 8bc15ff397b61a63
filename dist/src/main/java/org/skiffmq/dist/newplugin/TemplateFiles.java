package org.skiffmq.dist.newplugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The plugin project template ({@code plugins/plugin-template} of the SkiffMQ sources), which the
 * build packs into this jar as a zip: every file's path and text, in the zip's order.
 */
final class TemplateFiles {
    static final String RESOURCE = "plugin-template.zip";

    private TemplateFiles() {
    }

    static Map<String, String> load() {
        try (InputStream in = TemplateFiles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin template (" + RESOURCE + ") is missing from this"
                        + " distribution's jar; rebuild SkiffMQ with mvn package");
            }
            return read(in);
        } catch (IOException e) {
            throw new IllegalStateException("the plugin template in this distribution's jar cannot be read (" + e
                    + "); the jar may be damaged: reinstall SkiffMQ", e);
        }
    }

    private static Map<String, String> read(InputStream in) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (!entry.isDirectory()) {
                    files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}

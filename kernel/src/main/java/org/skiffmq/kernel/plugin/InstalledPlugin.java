package org.skiffmq.kernel.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A plugin zip installed and not loaded: what its descriptor says, read from the file without
 * loading a class of it ({@code plugin.properties} at a zip's root, or a jar's manifest).
 *
 * @param id      the plugin id
 * @param version its version
 * @param file    where the zip is
 */
public record InstalledPlugin(String id, String version, Path file) {

    static InstalledPlugin read(Path zip) throws PluginControlException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry properties = file.getEntry("plugin.properties");
            if (properties != null) {
                Properties p = new Properties();
                try (InputStream in = file.getInputStream(properties)) {
                    p.load(in);
                }
                return of(p.getProperty("plugin.id"), p.getProperty("plugin.version"), zip);
            }
            ZipEntry manifestEntry = file.getEntry(JarFile.MANIFEST_NAME);
            if (manifestEntry != null) {
                try (InputStream in = file.getInputStream(manifestEntry)) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    return of(main.getValue("Plugin-Id"), main.getValue("Plugin-Version"), zip);
                }
            }
            throw new PluginControlException(zip + " has no plugin.properties at its root (nor a jar manifest with"
                    + " Plugin-Id): it is not a PF4J plugin");
        } catch (IOException e) {
            throw new PluginControlException(zip + " cannot be read as a zip: " + e.getMessage());
        }
    }

    private static InstalledPlugin of(String id, String version, Path zip) throws PluginControlException {
        if (id == null || id.isBlank()) {
            throw new PluginControlException(zip + " names no plugin id (plugin.id / Plugin-Id)");
        }
        return new InstalledPlugin(id.trim(), version == null ? "?" : version.trim(), zip);
    }

    InstalledPlugin at(Path newFile) {
        return new InstalledPlugin(id, version, newFile);
    }
}

package org.skiffmq.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.hook.SendHook;

/**
 * Plugin zips as users get them wrong, and right: each broken one is reported with what is wrong
 * and left out, and the plugins beside it load as usual.
 */
class PluginLoadingTest {
    @TempDir
    Path plugins;

    private static PluginZips hookPlugin(String id, String version, String hookName, String body) {
        String pkg = "test." + id.replace('-', '_');
        return PluginZips.plugin(id, version)
                .source(pkg + ".TheHook", PluginZips.hook(pkg, "TheHook", hookName, body))
                .provides(SendHook.class, pkg + ".TheHook");
    }

    /** Loads the plugins folder and checks that the plugin failed, saying all of {@code says}, and left nothing installed. */
    private void assertRefused(String plugin, String extension, String... says) {
        try (ExtensionCatalog catalog = ExtensionCatalog.discover(plugins)) {
            String line = reportOf(catalog, plugin);
            assertTrue(line.contains("FAILED"), line);
            for (String part : says) {
                assertTrue(line.contains(part), "'" + line + "' should say " + part);
            }
            assertNull(catalog.extension(extension));
        }
    }

    private static List<Path> listing(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private String reportOf(ExtensionCatalog catalog, String prefix) {
        return catalog.pluginReport().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no report line for " + prefix + ": " + catalog.pluginReport()));
    }

    @Test
    void aGoodPluginLoadsBesideBrokenOnes() throws Exception {
        hookPlugin("good", "1.0.0", "good-hook", "").writeTo(plugins, "good.zip");
        hookPlugin("no-id", "1.0.0", "x", "").descriptor("plugin.id", null).writeTo(plugins, "no-id.zip");
        List<Path> before = listing(plugins);
        try (ExtensionCatalog catalog = ExtensionCatalog.discover(plugins)) {
            assertEquals(before, listing(plugins), "zips are unpacked elsewhere: the plugins folder may be read-only");
            assertEquals("good 1.0.0 STARTED", reportOf(catalog, "good"));
            assertInstanceOf(SendHook.class, catalog.extension("good-hook"));
            String broken = reportOf(catalog, "no-id");
            assertTrue(broken.contains("FAILED") && broken.toLowerCase().contains("id"), broken);
        }
    }

    @Test
    void aPluginThatReachesKernelInternalsIsRefusedNamingTheClass() throws Exception {
        hookPlugin("sneaky", "1.0.0", "sneaky-hook",
                "org.skiffmq.kernel.json.Json.toString(context.topic());").writeTo(plugins, "sneaky.zip");
        assertRefused("sneaky", "sneaky-hook", "kernel internals",
                "org.skiffmq.kernel.json.Json from test.sneaky.TheHook", "org.skiffmq.api");
    }

    @Test
    void aPluginSeesNeitherKernelNorBrokerLibrariesByReflection() throws Exception {
        String pkg = "test.peek";
        String source = "package " + pkg + ";\n"
                + "import org.skiffmq.api.hook.*;\n"
                + "public final class Peek implements SendHook {\n"
                + "  public final String seen;\n"
                + "  public Peek() { seen = visible(\"org.skiffmq.kernel.SkiffServer\") + \",\" + visible(\"io.netty.buffer.ByteBuf\")\n"
                + "      + \",\" + visible(\"com.fasterxml.jackson.databind.ObjectMapper\") + \",\" + visible(\"org.skiffmq.api.hook.SendHook\")\n"
                + "      + \",\" + visible(\"org.slf4j.Logger\"); }\n"
                + "  private static boolean visible(String n) {\n"
                + "    try { Class.forName(n, false, Peek.class.getClassLoader()); return true; } catch (ClassNotFoundException e) { return false; } }\n"
                + "  public String name() { return \"peek\"; }\n"
                + "}\n";
        PluginZips.plugin("peek", "1.0.0").source(pkg + ".Peek", source).provides(SendHook.class, pkg + ".Peek")
                .writeTo(plugins, "peek.zip");
        try (ExtensionCatalog catalog = ExtensionCatalog.discover(plugins)) {
            Object peek = catalog.extension("peek");
            assertEquals("false,false,false,true,true", peek.getClass().getField("seen").get(peek));
        }
    }

    @Test
    void aPluginWhoseStartThrowsIsReportedAndLeftDisabled() throws Exception {
        String pkg = "test.badstart";
        hookPlugin("bad-start", "1.0.0", "bad-start-hook", "")
                .source(pkg + ".BadPlugin", "package " + pkg + ";\n"
                        + "public class BadPlugin extends org.pf4j.Plugin {\n"
                        + "  public void start() { throw new IllegalStateException(\"licence file missing\"); }\n}\n")
                .descriptor("plugin.class", pkg + ".BadPlugin")
                .writeTo(plugins, "bad-start.zip");
        assertRefused("bad-start", "bad-start-hook", "licence file missing");
    }

    @Test
    void aPluginWithAMissingDependencyIsReported() throws Exception {
        hookPlugin("needy", "1.0.0", "needy-hook", "").descriptor("plugin.dependencies", "absent-plugin")
                .writeTo(plugins, "needy.zip");
        assertRefused("needy", "needy-hook", "absent-plugin");
    }

    @Test
    void anExtensionThatCannotBeCreatedFailsItsPluginNamingTheClass() throws Exception {
        String pkg = "test.ctor";
        PluginZips.plugin("ctor", "1.0.0")
                .source(pkg + ".Ctor", "package " + pkg + ";\n"
                        + "public final class Ctor implements org.skiffmq.api.hook.SendHook {\n"
                        + "  public Ctor() { throw new IllegalStateException(\"no config\"); }\n"
                        + "  public String name() { return \"ctor\"; }\n}\n")
                .provides(SendHook.class, pkg + ".Ctor")
                .writeTo(plugins, "ctor.zip");
        assertRefused("ctor", "ctor", "test.ctor.Ctor", "no config");
    }

    @Test
    void installAndReloadLoadNewCodeBesideTheOld() throws Exception {
        Path outside = plugins.resolveSibling(plugins.getFileName() + "-downloads");
        try (ExtensionCatalog catalog = ExtensionCatalog.discover(plugins)) {
            Path zip = hookPlugin("marker", "1.0.0", "marker", "context.message().putProperty(\"m\", \"1\");")
                    .writeTo(outside, "marker-1.0.0.zip");
            InstalledPlugin installed = catalog.install(zip);
            assertEquals(plugins.resolve("installed/marker.zip"), installed.file(), "staged, not loaded");
            assertEquals(null, catalog.extension("marker"), "installing runs none of its code");
            PluginControlException again = assertThrows(PluginControlException.class, () -> catalog.install(zip));
            assertTrue(again.getMessage().contains("already installed"), again.getMessage());
            LoadedPlugin loaded = catalog.load("marker");
            assertEquals(plugins.resolve("marker.zip"), loaded.source(), "moved into the plugins directory");
            Object v1 = catalog.extension("marker");

            hookPlugin("marker", "2.0.0", "marker", "").writeTo(plugins, "marker.zip");
            ExtensionCatalog.Reloaded reloaded = catalog.reload("marker");
            assertEquals("1.0.0", reloaded.previous().version());
            assertEquals("2.0.0", reloaded.current().version());
            Object v2 = catalog.extension("marker");
            assertFalse(v1 == v2);
            assertFalse(v1.getClass() == v2.getClass(), "a new class loader, so new code");
            reloaded.previous().close();

            hookPlugin("marker", "3.0.0", "marker", "org.skiffmq.kernel.json.Json.toString(1);")
                    .writeTo(plugins, "marker.zip");
            PluginControlException refused = assertThrows(PluginControlException.class, () -> catalog.reload("marker"));
            assertTrue(refused.getMessage().contains("kernel internals")
                    && refused.getMessage().contains("version 2.0.0 keeps running"), refused.getMessage());
            assertTrue(catalog.extension("marker") == v2);
            assertEquals(List.of("marker 2.0.0 STARTED"), catalog.pluginReport());
        }
    }
}

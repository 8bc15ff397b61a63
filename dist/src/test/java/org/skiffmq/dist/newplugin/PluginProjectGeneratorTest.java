package org.skiffmq.dist.newplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template bundled in this module's jar (built from plugins/plugin-template), renamed. */
class PluginProjectGeneratorTest {
    @TempDir
    Path out;

    private final PluginProjectGenerator generator = PluginProjectGenerator.fromBundledTemplate("9.8.7");

    @Test
    void everyExampleNameBecomesThePluginsOwn() throws Exception {
        NewPluginRequest request = NewPluginRequest.of("tag-guard", "com.acme", "com.acme.guard", out);
        List<String> written = generator.generate(request);

        Path dir = out.resolve("tag-guard");
        assertTrue(written.contains("src/main/java/com/acme/guard/TagGuardHook.java"), written.toString());
        assertTrue(written.contains("src/test/java/com/acme/guard/TagGuardHookTest.java"), written.toString());
        for (String path : written) {
            String text = Files.readString(dir.resolve(path));
            assertFalse(text.toLowerCase(Locale.ROOT).contains("example"), path + " still names the example:\n" + text);
            assertFalse(path.toLowerCase(Locale.ROOT).contains("example"), path);
        }
        String hook = Files.readString(dir.resolve("src/main/java/com/acme/guard/TagGuardHook.java"));
        assertTrue(hook.startsWith("package com.acme.guard;"), hook);
        assertTrue(hook.contains("public final class TagGuardHook implements SendHook"), hook);
        assertTrue(hook.contains("return \"tag-guard\";"), hook);
        assertEquals("com.acme.guard.TagGuardHook", Files.readString(
                dir.resolve("src/main/resources/META-INF/services/org.skiffmq.api.hook.SendHook")).trim());
        String pom = Files.readString(dir.resolve("pom.xml"));
        assertTrue(pom.contains("<groupId>com.acme</groupId>\n  <artifactId>tag-guard</artifactId>"), pom);
        assertTrue(pom.contains("<skiffmq.version>9.8.7</skiffmq.version>"), pom);
        assertTrue(pom.contains("<groupId>org.skiffmq</groupId>"), "SkiffMQ's own groupId stays");
        assertTrue(Files.readString(dir.resolve("src/main/java/module-info.java")).contains("module com.acme.guard {"));
    }

    @Test
    void aFolderThatHoldsSomethingIsNotOverwritten() throws Exception {
        Files.createDirectories(out.resolve("tag-guard"));
        Files.writeString(out.resolve("tag-guard/pom.xml"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> generator.generate(NewPluginRequest.of("tag-guard", null, null, out)));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("--out"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("tag-guard/pom.xml")));
    }

    @Test
    void anEmptyFolderIsUsed() throws Exception {
        Files.createDirectories(out.resolve("tag-guard"));
        generator.generate(NewPluginRequest.of("tag-guard", null, null, out));
        assertTrue(Files.exists(out.resolve("tag-guard/pom.xml")));
    }
}

package org.skiffmq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/skiff} as operators run it: through a symlink, with the server defaults (G1, a heap
 * from SKIFF_HEAP, exit on OutOfMemoryError with a heap dump, a GC log in logs/) that
 * SKIFF_JAVA_OPTS adds to or, for the collector and the heap, replaces.
 */
class LauncherIT {
    @TempDir
    Path work;

    /**
     * A distribution home of its own (bin/ and conf/ copied, lib/ linked to the built one), so
     * its logs/ folder holds only what this test's processes write.
     */
    private Path home() throws Exception {
        Path built = Path.of(System.getProperty("skiff.distribution"));
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(built.resolve("bin/skiff"), home.resolve("bin/skiff"));
        home.resolve("bin/skiff").toFile().setExecutable(true);
        Files.createSymbolicLink(home.resolve("lib"), built.resolve("lib"));
        Files.createSymbolicLink(home.resolve("conf"), built.resolve("conf"));
        return home;
    }

    /** Starts a name server with these environment entries and reads its output up to "Ready.". */
    private List<String> nameServerOutput(Path launcher, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "namesrv", "--listen", "127.0.0.1:" + Ports.free());
        pb.environment().putAll(env);
        pb.redirectError(work.resolve("stderr.txt").toFile());
        Process p = pb.start();
        try {
            return new ProcessLines(p).until("Ready.");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the name server did not stop on SIGTERM");
        }
    }

    private static boolean flag(List<String> flags, String name, String value) {
        return flags.stream().anyMatch(l -> l.matches("\\s*\\S+\\s+" + name + "\\s+=\\s+" + value + "\\s.*"));
    }

    @Test
    void runsThroughASymlinkFromAnotherFolder() throws Exception {
        Path home = home();
        Path links = Files.createDirectories(work.resolve("usr/local/bin"));
        Path link = Files.createSymbolicLink(links.resolve("skiff"), Path.of("../../../home/bin/skiff"));
        Process p = new ProcessBuilder(link.toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Usage: skiff"), out);
        assertFalse(Files.exists(home.resolve("logs/gc-skiff.log")), "a command that is not a server keeps no GC log");
    }

    @Test
    void aServerGetsTheOperatorDefaultsAndAHeapFromSkiffHeap() throws Exception {
        Path home = home();
        List<String> out = nameServerOutput(home.resolve("bin/skiff"),
                Map.of("SKIFF_HEAP", "300m", "SKIFF_JAVA_OPTS", "-XX:+PrintFlagsFinal"));
        assertTrue(flag(out, "MaxHeapSize", "314572800"), "SKIFF_HEAP=300m sets the heap");
        assertTrue(flag(out, "InitialHeapSize", "314572800"), "-Xms too");
        assertTrue(flag(out, "UseG1GC", "true"));
        assertTrue(flag(out, "ExitOnOutOfMemoryError", "true"));
        assertTrue(flag(out, "HeapDumpOnOutOfMemoryError", "true"));
        assertTrue(flag(out, "HeapDumpPath", java.util.regex.Pattern.quote(home.resolve("logs").toString())));
        Path gcLog = home.resolve("logs/gc-namesrv.log");
        assertTrue(Files.exists(gcLog) && Files.size(gcLog) > 0, "the name server keeps a GC log in logs/");
        assertEquals("", Files.readString(work.resolve("stderr.txt")));
    }

    @Test
    void aCollectorOrHeapInSkiffJavaOptsReplacesTheDefault() throws Exception {
        Path home = home();
        List<String> out = nameServerOutput(home.resolve("bin/skiff"),
                Map.of("SKIFF_HEAP", "300m", "SKIFF_JAVA_OPTS", "-Xmx200m -XX:+UseSerialGC -XX:+PrintFlagsFinal"));
        assertTrue(flag(out, "MaxHeapSize", "209715200"), "-Xmx in SKIFF_JAVA_OPTS wins over SKIFF_HEAP");
        assertTrue(flag(out, "UseSerialGC", "true"));
        assertTrue(flag(out, "UseG1GC", "false"), "no second collector, which would stop the JVM");
        assertTrue(flag(out, "ExitOnOutOfMemoryError", "true"), "the other defaults stay");
    }
}

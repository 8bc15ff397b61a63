package org.skiffmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** compare.sh is run for figures by people; CI only checks that it parses and explains itself. */
class CompareScriptTest {

    @Test
    void helpExitsZeroWithUsage() throws Exception {
        Path script = Path.of(System.getProperty("skiff.benchDir", ".")).resolve("compare.sh");
        Process p = new ProcessBuilder("bash", script.toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "compare.sh --help did not return");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("usage: bench/compare.sh"), out);
    }

    @Test
    void unknownOptionExitsTwo() throws Exception {
        Path script = Path.of(System.getProperty("skiff.benchDir", ".")).resolve("compare.sh");
        Process p = new ProcessBuilder("bash", script.toString(), "--fast").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--fast"), out);
    }
}

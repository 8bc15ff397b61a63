package org.skiffmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** compare.sh is run for figures by people; CI only checks that it parses and explains itself. */
class CompareScriptTest {

    @Test
    void helpExitsZeroWithUsage() throws Exception {
        Run run = compare("--help");
        assertEquals(0, run.exit, run.out);
        assertTrue(run.out.contains("usage: bench/compare.sh"), run.out);
    }

    @Test
    void helpExplainsTheReplicatedRowsAndTheirFlags() throws Exception {
        Run run = compare("--help");
        assertEquals(0, run.exit, run.out);
        for (String expected : List.of("--no-replicated", "--replicated-only", "DLedger", "raft",
                "SKIFF_COMPARE_MEMBER_HEAP", "SIGKILL")) {
            assertTrue(run.out.contains(expected), expected + " missing from:\n" + run.out);
        }
    }

    /** --help ends the parsing where it stands, so the flags before it are accepted and nothing runs. */
    @Test
    void theReplicatedFlagsAreAccepted() throws Exception {
        for (String flag : List.of("--no-replicated", "--replicated-only")) {
            Run run = compare("--quick", flag, "--help");
            assertEquals(0, run.exit, flag + ": " + run.out);
            assertTrue(run.out.contains("usage: bench/compare.sh"), run.out);
        }
    }

    @Test
    void leavingEverythingOutExitsTwo() throws Exception {
        Run run = compare("--no-replicated", "--replicated-only");
        assertEquals(2, run.exit, run.out);
        assertTrue(run.out.contains("leave nothing to measure"), run.out);
        assertEquals(2, compare("--secured-only", "--no-secured").exit);
    }

    @Test
    void unknownOptionExitsTwo() throws Exception {
        Run run = compare("--fast");
        assertEquals(2, run.exit, run.out);
        assertTrue(run.out.contains("--fast"), run.out);
    }

    private record Run(int exit, String out) {
    }

    private static Run compare(String... args) throws Exception {
        Path script = Path.of(System.getProperty("skiff.benchDir", ".")).resolve("compare.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "compare.sh " + String.join(" ", args) + " did not return");
        return new Run(p.exitValue(), out);
    }
}

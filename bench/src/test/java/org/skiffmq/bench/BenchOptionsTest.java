package org.skiffmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void produceAloneTakesTheDefaults() throws UsageException {
        BenchOptions o = BenchOptions.parse(new String[] {"produce"});
        assertEquals(16, o.threads());
        assertEquals(1024, o.size());
        assertEquals(30, o.seconds());
        assertEquals(10, o.warmup());
        assertEquals("127.0.0.1:9876", o.namesrv());
        assertEquals("BenchTopic", o.topic());
        assertEquals(BenchOptions.SendMode.SYNC, o.sendMode());
    }

    @Test
    void optionsTakeSpaceOrEqualsValues() throws UsageException {
        BenchOptions o = BenchOptions.parse(new String[] {"produce", "--threads", "4", "--size=16384", "--mode",
                "async", "--no-progress"});
        assertEquals(4, o.threads());
        assertEquals(16384, o.size());
        assertEquals(BenchOptions.SendMode.ASYNC, o.sendMode());
        assertEquals(false, o.progress());
    }

    @Test
    void helpAnywhereAsksForUsage() throws UsageException {
        assertNull(BenchOptions.parse(new String[] {"produce", "--help"}));
    }

    @Test
    void badNumberNamesTheOption() {
        UsageException e = assertThrows(UsageException.class,
                () -> BenchOptions.parse(new String[] {"produce", "--threads", "many"}));
        assertEquals("--threads must be a whole number; was 'many'", e.getMessage());
    }

    @Test
    void unknownOptionPointsToHelp() {
        UsageException e = assertThrows(UsageException.class,
                () -> BenchOptions.parse(new String[] {"produce", "--thread", "4"}));
        assertTrue(e.getMessage().contains("--help"), e.getMessage());
    }

    @Test
    void unknownCommandIsRefused() {
        assertThrows(UsageException.class, () -> BenchOptions.parse(new String[] {"produse"}));
    }

    @Test
    void cliPrintsOneErrorLineAndExitsTwo() throws Exception {
        InProcessSkiff.Run run = InProcessSkiff.bench("produce", "--mode", "fast");
        assertEquals(2, run.exitCode());
        assertEquals("bench: --mode must be sync, async or transaction; was 'fast'\n", run.err());
    }
}

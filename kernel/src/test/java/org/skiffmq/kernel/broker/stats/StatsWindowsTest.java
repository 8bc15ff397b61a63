package org.skiffmq.kernel.broker.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The Dashboard's chart figures: sums, rates and averages over the last minute, hour and day. */
class StatsWindowsTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void aMinuteOfSamplesGivesTheSumTheRateAndTheAveragePerCall() {
        StatsWindows w = new StatsWindows();
        w.add("Orders", 0);
        w.sample(T0);
        for (int i = 0; i < 60; i++) {
            w.add("Orders", 10); // 60 sends of 10 messages
        }
        w.sample(T0 + 60_000);

        StatsWindows.Windows figures = w.get("Orders");
        assertEquals(600, figures.minute().sum());
        assertEquals(10.0, figures.minute().tps(), 1e-9);
        assertEquals(10.0, figures.minute().avgpt(), 1e-9, "messages per send");
        assertEquals(0, figures.hour().sum(), "the hour window samples every 10 minutes: one sample so far");
        assertNull(w.get("Unknown"));
    }

    @Test
    void theMinuteWindowForgetsWhatIsOlderThanItsSevenSamples() {
        StatsWindows w = new StatsWindows();
        w.add("T", 1000);
        w.sample(T0);
        for (int i = 1; i <= 7; i++) {
            w.add("T", 1);
            w.sample(T0 + i * 10_000L);
        }
        // Samples at 10 s .. 70 s remain: the 1000 before the first of them is gone.
        assertEquals(6, w.get("T").minute().sum());
        assertEquals(0.1, w.get("T").minute().tps(), 1e-9);
    }

    @Test
    void samplesCloserThanTheWindowStepAreSkipped() {
        StatsWindows w = new StatsWindows();
        w.add("T", 0);
        w.sample(T0);
        w.add("T", 5);
        w.sample(T0 + 10_000);
        w.add("T", 5);
        w.sample(T0 + 12_000); // too soon for the minute window
        assertEquals(5, w.get("T").minute().sum());
    }
}

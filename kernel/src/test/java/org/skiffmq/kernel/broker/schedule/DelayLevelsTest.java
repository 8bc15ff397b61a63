package org.skiffmq.kernel.broker.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DelayLevelsTest {
    private final DelayLevels levels = DelayLevels.defaults();

    @Test
    void rocketMqsEighteenLevels() {
        assertEquals(18, levels.max());
        assertEquals(1_000, levels.millis(1));
        assertEquals(10_000, levels.millis(3));
        assertEquals(60_000, levels.millis(5));
        assertEquals(7_200_000, levels.millis(18));
    }

    @Test
    void levelsOutOfRangeAreClamped() {
        assertEquals(7_200_000, levels.millis(40));
        assertEquals(1_000, levels.millis(0));
    }

    @Test
    void aDurationWithoutUnitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DelayLevels.parse("1s 5"));
    }
}

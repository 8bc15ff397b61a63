package org.skiffmq.transport.netty.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.transport.ServerConfig;

class InboundBudgetTest {
    private static final int MB = 1 << 20;

    @Test
    void smallFramesMayUseTheWholeBudget() {
        InboundBudget budget = new InboundBudget(MB, 64 * 1024);
        for (int i = 0; i < 16; i++) {
            assertTrue(budget.tryCharge(64 * 1024), "frame " + i);
        }
        assertFalse(budget.tryCharge(1));
        assertEquals(MB, budget.used());
    }

    @Test
    void largeFramesLeaveTheLastEighthToSmallOnes() {
        InboundBudget budget = new InboundBudget(8 * MB, 2 * MB);
        assertTrue(budget.tryCharge(2 * MB));
        assertTrue(budget.tryCharge(2 * MB));
        assertTrue(budget.tryCharge(2 * MB));
        assertFalse(budget.tryCharge(2 * MB), "a large frame took the reserve");
        for (int i = 0; i < 16; i++) {
            assertTrue(budget.tryCharge(InboundBudget.SMALL_FRAME));
        }
        assertEquals(7 * MB, budget.used());
        assertFalse(budget.tryCharge(InboundBudget.SMALL_FRAME + 1), "a large frame took the reserve");
        assertTrue(budget.tryCharge(InboundBudget.SMALL_FRAME), "a small frame was refused the reserve");
    }

    @Test
    void aRefusedChargeLeavesTheBudgetAsItWas() {
        InboundBudget budget = new InboundBudget(8 * MB, 2 * MB);
        budget.tryCharge(6 * MB);
        budget.tryCharge(3 * MB);
        assertEquals(6 * MB, budget.used());
        budget.release(6 * MB);
        assertEquals(0, budget.used());
    }

    @Test
    void releaseWakesEveryWaiterOnce() {
        InboundBudget budget = new InboundBudget(MB, 1024);
        AtomicInteger woken = new AtomicInteger();
        budget.tryCharge(1024);
        budget.whenReleased(woken::incrementAndGet);
        budget.whenReleased(woken::incrementAndGet);

        budget.release(1024);
        assertEquals(2, woken.get());
        budget.tryCharge(1024);
        budget.release(1024);
        assertEquals(2, woken.get(), "a waiter was woken twice");
    }

    @Test
    void aWaiterThatWaitsAgainWhileWokenWaitsForTheNextRelease() {
        InboundBudget budget = new InboundBudget(MB, 1024);
        AtomicInteger woken = new AtomicInteger();
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            woken.incrementAndGet();
            budget.whenReleased(again[0]);
        };
        budget.whenReleased(again[0]);

        budget.tryCharge(1);
        budget.release(1);
        assertEquals(1, woken.get());
    }

    @Test
    void aBudgetThatCannotTakeTheLargestFrameIsRefusedNamingTheMinimum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InboundBudget(16 * MB, 16 * MB));
        assertTrue(e.getMessage().contains("at least " + InboundBudget.minimumFor(16 * MB)), e.getMessage());
        new InboundBudget(InboundBudget.minimumFor(16 * MB), 16 * MB);
    }

    @Test
    void serverSettingsRefuseABudgetTooSmallForTheLargestFrame() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig("127.0.0.1", 0, 16 * MB, 1, 120, 16L * MB));
        assertTrue(e.getMessage().contains("at least " + ServerConfig.minimumInboundBudget(16 * MB)), e.getMessage());
        assertEquals(0, new ServerConfig("127.0.0.1", 0, 16 * MB, 1, 120).inboundBudget(), "0 is the default");
    }

    @Test
    void theUnlimitedBudgetNeverRefusesAndKeepsNoCount() {
        InboundBudget budget = InboundBudget.unlimited();
        assertTrue(budget.tryCharge(Integer.MAX_VALUE));
        assertTrue(budget.tryCharge(Integer.MAX_VALUE));
        assertEquals(0, budget.used());
    }

    @Test
    void theDefaultTakesTwoLargestFramesAtLeast() {
        assertTrue(InboundBudget.defaultLimit(16 * MB) >= 32L * MB);
        new InboundBudget(InboundBudget.defaultLimit(16 * MB), 16 * MB);
    }
}

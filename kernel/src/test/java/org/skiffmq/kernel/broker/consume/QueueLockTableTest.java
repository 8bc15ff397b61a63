package org.skiffmq.kernel.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.kernel.ManualClock;

class QueueLockTableTest {
    private final ManualClock clock = new ManualClock();
    private final QueueLockTable locks = new QueueLockTable(clock);
    private final MessageQueue q0 = new MessageQueue("T", "broker-a", 0);
    private final MessageQueue q1 = new MessageQueue("T", "broker-a", 1);

    @Test
    void freeQueuesAreLockedForTheAskingClient() {
        assertEquals(Set.of(q0, q1), locks.lock("G", "c1", Set.of(q0, q1)));
    }

    @Test
    void aQueueHeldByAnotherClientIsNotGranted() {
        locks.lock("G", "c1", Set.of(q0));
        assertEquals(Set.of(q1), locks.lock("G", "c2", Set.of(q0, q1)));
    }

    @Test
    void theHolderRenewsItsLock() {
        locks.lock("G", "c1", Set.of(q0));
        clock.millis += 50_000;
        assertEquals(Set.of(q0), locks.lock("G", "c1", Set.of(q0)));
        clock.millis += 50_000;
        assertEquals(Set.of(), locks.lock("G", "c2", Set.of(q0)), "renewed 50 s ago, still held");
    }

    @Test
    void aLockNotRenewedForSixtySecondsIsFreed() {
        locks.lock("G", "c1", Set.of(q0));
        clock.millis += QueueLockTable.LOCK_MILLIS + 1;
        assertEquals(Set.of(q0), locks.lock("G", "c2", Set.of(q0)));
    }

    @Test
    void unlockReleasesOnlyTheHoldersQueues() {
        locks.lock("G", "c1", Set.of(q0));
        locks.unlock("G", "c2", Set.of(q0));
        assertEquals(Set.of(), locks.lock("G", "c2", Set.of(q0)));
        locks.unlock("G", "c1", Set.of(q0));
        assertEquals(Set.of(q0), locks.lock("G", "c2", Set.of(q0)));
    }

    @Test
    void groupsAreIndependent() {
        locks.lock("G1", "c1", Set.of(q0));
        assertEquals(Set.of(q0), locks.lock("G2", "c2", Set.of(q0)));
    }
}

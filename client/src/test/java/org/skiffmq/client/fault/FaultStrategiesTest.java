package org.skiffmq.client.fault;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultStrategiesTest {

    @Test
    void builtInsAreFoundByName() {
        assertInstanceOf(LatencyFaultStrategy.class, FaultStrategies.create("latency"));
        assertInstanceOf(RoundRobinFaultStrategy.class, FaultStrategies.create("round-robin"));
    }

    @Test
    void eachLookupMakesAFreshInstance() {
        assertNotSame(FaultStrategies.create("latency"), FaultStrategies.create("latency"));
    }

    @Test
    void anUnknownNameIsRefusedWithTheInstalledOnesListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultStrategies.create("fastest"));
        assertTrue(e.getMessage().contains("'fastest'"), e.getMessage());
        assertTrue(e.getMessage().contains("[latency, round-robin]"), e.getMessage());
    }
}

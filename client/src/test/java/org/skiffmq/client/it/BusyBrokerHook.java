package org.skiffmq.client.it;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;

/** A broker send hook that answers every send SYSTEM_BUSY, as an overloaded broker does. Active only where named. */
public final class BusyBrokerHook implements SendHook {
    public static final String NAME = "test-busy-broker";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void before(SendContext context) throws SendRejectedException {
        throw SendRejectedException.busy("test broker " + context.brokerName() + " is busy");
    }
}

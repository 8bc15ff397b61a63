package org.skiffmq.client.it;

import org.skiffmq.api.hook.SendContext;
import org.skiffmq.api.hook.SendHook;
import org.skiffmq.api.hook.SendRejectedException;

/** A broker send hook that refuses every message as MESSAGE_ILLEGAL. Active only where named. */
public final class RefuseAllHook implements SendHook {
    public static final String NAME = "test-refuse-all";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void before(SendContext context) throws SendRejectedException {
        throw SendRejectedException.illegal("test broker refuses every message");
    }
}

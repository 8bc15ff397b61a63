package org.skiffmq.transport.netty.codec;

import java.util.concurrent.atomic.AtomicBoolean;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * A decoded command and the share of the {@link InboundBudget} its frame holds until whoever
 * handles it calls {@link #release()}: after its response is matched, or its request processed
 * or refused.
 */
public final class InboundCommand {
    private final RemotingCommand command;
    private final InboundBudget budget;
    private final int charge;
    private final AtomicBoolean released = new AtomicBoolean();

    InboundCommand(RemotingCommand command, InboundBudget budget, int charge) {
        this.command = command;
        this.budget = budget;
        this.charge = charge;
    }

    public RemotingCommand command() {
        return command;
    }

    /** Bytes of budget this command holds until released. */
    public int charge() {
        return charge;
    }

    /** Gives the frame's bytes back to the budget; the first call counts, from any thread. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            budget.release(charge);
        }
    }
}

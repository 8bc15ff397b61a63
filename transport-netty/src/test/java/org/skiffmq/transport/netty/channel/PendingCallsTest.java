package org.skiffmq.transport.netty.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingTimeoutException;

class PendingCallsTest {

    /** A timer whose timeouts fire before newTimeout returns: the tiniest timeout on the slowest thread. */
    private static final class ImmediateTimer implements Timer {
        @Override
        public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
            Timeout timeout = new Timeout() {
                @Override
                public Timer timer() {
                    return ImmediateTimer.this;
                }

                @Override
                public TimerTask task() {
                    return task;
                }

                @Override
                public boolean isExpired() {
                    return true;
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }

                @Override
                public boolean cancel() {
                    return false;
                }
            };
            try {
                task.run(timeout);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return timeout;
        }

        @Override
        public Set<Timeout> stop() {
            return Set.of();
        }
    }

    @Test
    void aCallWhoseTimeoutFiresAtOnceStillTimesOut() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            PendingCalls calls = new PendingCalls(new ImmediateTimer());
            CompletableFuture<RemotingCommand> future = calls.send(channel, "peer:1", RemotingCommand.request(1), 1);

            assertTrue(future.isDone(), "the call waits forever: its timeout fired before it was registered");
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    future::get);
            assertInstanceOf(RemotingTimeoutException.class, e.getCause());
            assertEquals(0, calls.size(), "a timed-out call stays registered");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aCallOnAStoppedTimerFailsInsteadOfWaitingForever() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            io.netty.util.HashedWheelTimer timer = new io.netty.util.HashedWheelTimer();
            timer.stop();
            PendingCalls calls = new PendingCalls(timer);
            CompletableFuture<RemotingCommand> future = calls.send(channel, "peer:1", RemotingCommand.request(1), 1000);

            assertTrue(future.isCompletedExceptionally());
            assertEquals(0, calls.size());
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}

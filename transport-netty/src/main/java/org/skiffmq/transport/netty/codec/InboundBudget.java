package org.skiffmq.transport.netty.codec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.skiffmq.api.transport.ServerConfig;

/**
 * The bytes of inbound frames an endpoint holds at once, across all its connections. A frame is
 * charged whole, from its length prefix, before its bytes are gathered, and given back once its
 * request has been handled or its connection closed ({@link InboundCommand#release()}). A
 * connection whose next frame does not fit stops being read until budget comes back
 * ({@link #whenReleased}); it holds none meanwhile, so it never keeps others from progressing.
 *
 * <p>Frames over {@value #SMALL_FRAME} bytes may fill only the first 7/8 of the budget: the last
 * eighth is kept for small requests (heartbeats, pulls, most sends), so a flood of large frames
 * slows clients down but never locks them out. Hence the budget must be at least 8/7 of the
 * largest frame. Thread-safe.
 */
public final class InboundBudget {
    /** Frames up to this size (prefix included) may use the reserve. */
    public static final int SMALL_FRAME = 64 * 1024;

    private static final InboundBudget UNLIMITED = new InboundBudget();

    private final long limit;
    private final long largeFrameLimit;
    private final AtomicLong used = new AtomicLong();
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();

    private InboundBudget() {
        this.limit = Long.MAX_VALUE;
        this.largeFrameLimit = Long.MAX_VALUE;
    }

    /**
     * @param limit          bytes of frames held at once
     * @param maxFrameLength the largest frame, which must fit outside the reserve
     * @throws IllegalArgumentException when {@code limit} is below 8/7 of {@code maxFrameLength}
     */
    public InboundBudget(long limit, int maxFrameLength) {
        this.limit = limit;
        this.largeFrameLimit = limit - limit / 8;
        if (largeFrameLimit < maxFrameLength) {
            throw new IllegalArgumentException("an inbound budget of " + limit + " bytes cannot take a frame of the"
                    + " maximum length " + maxFrameLength + " (1/8 of the budget is kept for small frames): make it"
                    + " at least " + minimumFor(maxFrameLength) + " bytes, or lower the maximum frame length");
        }
    }

    /** A budget that never refuses: for clients, whose inbound traffic answers their own requests. */
    public static InboundBudget unlimited() {
        return UNLIMITED;
    }

    /** The smallest budget that takes a frame of {@code maxFrameLength}. */
    public static long minimumFor(int maxFrameLength) {
        return ServerConfig.minimumInboundBudget(maxFrameLength);
    }

    /**
     * The default: a quarter of the maximum heap (frames are gathered off the heap, then copied
     * into it), and never less than twice the largest frame.
     */
    public static long defaultLimit(int maxFrameLength) {
        return Math.max(Runtime.getRuntime().maxMemory() / 4, 2L * maxFrameLength);
    }

    /** Charges a frame of {@code bytes} (prefix included) if it fits; false leaves the budget as it was. */
    public boolean tryCharge(int bytes) {
        if (this == UNLIMITED) {
            return true;
        }
        long ceiling = bytes <= SMALL_FRAME ? limit : largeFrameLimit;
        while (true) {
            long current = used.get();
            if (current + bytes > ceiling) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryCharge} took, and tells the connections waiting for budget. */
    public void release(int bytes) {
        if (this == UNLIMITED || bytes == 0) {
            return;
        }
        used.addAndGet(-bytes);
        // Only those waiting now: one that registers again while they run waits for the next release.
        for (int n = waiters.size(); n > 0; n--) {
            Runnable waiter = waiters.poll();
            if (waiter == null) {
                break;
            }
            waiter.run();
        }
    }

    /**
     * Runs {@code waiter} once, on the thread of the next {@link #release}; it must be short (hand
     * the work to the connection's event loop). A waiter may be woken when its frame still does
     * not fit, and must then try again.
     */
    public void whenReleased(Runnable waiter) {
        if (this != UNLIMITED) {
            waiters.add(waiter);
        }
    }

    /** Bytes charged now. */
    public long used() {
        return used.get();
    }

    /** The most that may be charged at once. */
    public long limit() {
        return limit;
    }

    @Override
    public String toString() {
        return this == UNLIMITED ? "InboundBudget[unlimited]" : "InboundBudget[" + used() + " of " + limit + "]";
    }
}

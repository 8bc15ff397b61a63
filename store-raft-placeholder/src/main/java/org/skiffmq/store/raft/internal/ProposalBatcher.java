package org.skiffmq.store.raft.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.RaftClientReply;
import org.skiffmq.api.store.PutResult;

/**
 * Gathers the leader's puts into Raft entries. One entry is on its way through the group at a
 * time; the puts that arrive meanwhile go together in the next one ({@link PutGroup}). A Raft
 * entry costs every member its encoding, log write, network round and apply whatever it carries,
 * so the fewer entries carry the puts the more puts the group takes.
 *
 * <p>When an entry is answered, its senders usually send again at once (sixteen producer threads
 * each waiting for their SEND_OK). Sent straight away, the next entry would carry only the puts
 * that arrived during the last one, and the senders would split into two halves taking turns, each
 * entry carrying half of them. So the next entry waits until as many puts are queued as were
 * waiting plus as were just answered, or until the gather time runs out: at most
 * {@code gatherNanos}, and never more than half of the last entry's own round, so a quick group
 * waits little. A put that arrives with nothing on its way goes at once.
 *
 * <p>Thread-safe: the queue is guarded by this object's lock, and entries are submitted and
 * answered outside it.
 */
final class ProposalBatcher {
    private final Function<byte[], CompletableFuture<RaftClientReply>> submit;
    private final int maxEntryBytes;
    private final long gatherNanos;
    private final LongSupplier nanoClock;
    private final Timer timer;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean inFlight;
    private long sentAt;
    /** Puts the next entry waits for, 0 when it goes as soon as there is one. */
    private int awaited;
    private long gatherUntil;
    private boolean timerSet;

    /** Runs a task once, after a delay. */
    interface Timer {
        void after(long nanos, Runnable task);
    }

    /** A put's outcome: the group's reply to its entry and the put's own part of it, or why it failed. */
    record Outcome(RaftClientReply reply, PutResult result, Throwable error) {
    }

    private record Pending(byte[] command, CompletableFuture<Outcome> outcome) {
    }

    /**
     * @param submit        proposes one entry to the group
     * @param maxEntryBytes the most an entry of several puts may hold (one put alone may be larger)
     * @param gatherNanos   the longest the next entry waits for the senders just answered; 0 never waits
     * @param nanoClock     {@link System#nanoTime} but in tests
     * @param timer         ends a wait that runs out
     */
    ProposalBatcher(Function<byte[], CompletableFuture<RaftClientReply>> submit, int maxEntryBytes, long gatherNanos,
            LongSupplier nanoClock, Timer timer) {
        this.submit = submit;
        this.maxEntryBytes = maxEntryBytes;
        this.gatherNanos = gatherNanos;
        this.nanoClock = nanoClock;
        this.timer = timer;
    }

    /** Proposes one put ({@link PutCommand} bytes); completes once its entry was applied or failed. */
    CompletableFuture<Outcome> propose(byte[] command) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        List<Pending> due;
        synchronized (this) {
            queue.add(new Pending(command, outcome));
            queuedBytes += command.length + 4;
            due = takeIfDue();
        }
        send(due);
        return outcome;
    }

    /** The next entry's puts if it should go now, else null (setting the timer when it waits). */
    private List<Pending> takeIfDue() {
        if (inFlight || queue.isEmpty()) {
            return null;
        }
        if (queue.size() < awaited && queuedBytes < maxEntryBytes) {
            long left = gatherUntil - nanoClock.getAsLong();
            if (left > 0) {
                if (!timerSet) {
                    timerSet = true;
                    timer.after(left, this::gatherTimeOut);
                }
                return null;
            }
        }
        List<Pending> group = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty()) {
            Pending next = queue.peek();
            long size = next.command().length + 4;
            if (!group.isEmpty() && bytes + size > maxEntryBytes) {
                break;
            }
            group.add(queue.poll());
            bytes += size;
        }
        queuedBytes -= bytes;
        inFlight = true;
        awaited = 0;
        sentAt = nanoClock.getAsLong();
        return group;
    }

    private void gatherTimeOut() {
        List<Pending> due;
        synchronized (this) {
            timerSet = false;
            due = takeIfDue();
        }
        send(due);
    }

    private void send(List<Pending> group) {
        if (group == null) {
            return;
        }
        List<byte[]> commands = new ArrayList<>(group.size());
        for (Pending p : group) {
            commands.add(p.command());
        }
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = submit.apply(PutGroup.encode(commands));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reply, error) -> {
            int waiting;
            synchronized (this) {
                waiting = queue.size(); // counted before the answers let this entry's senders send again
            }
            try {
                answer(group, reply, error);
            } finally {
                List<Pending> due;
                synchronized (this) {
                    inFlight = false;
                    long now = nanoClock.getAsLong();
                    // After a failure nothing is worth waiting for: the senders may have gone elsewhere.
                    awaited = error == null && reply.isSuccess() ? waiting + group.size() : 0;
                    gatherUntil = now + Math.min(gatherNanos, (now - sentAt) / 2);
                    due = takeIfDue();
                }
                send(due);
            }
        });
    }

    private static void answer(List<Pending> group, RaftClientReply reply, Throwable error) {
        List<PutResult> results = null;
        if (error == null && reply.isSuccess()) {
            try {
                results = PutGroup.decodeReplies(reply.getMessage().getContent().asReadOnlyByteBuffer());
            } catch (RuntimeException e) {
                error = e;
            }
            if (results != null && results.size() != group.size()) {
                error = new IllegalStateException("the group answered " + results.size() + " puts of " + group.size());
                results = null;
            }
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).outcome().complete(new Outcome(reply, results == null ? null : results.get(i), error));
        }
    }
}

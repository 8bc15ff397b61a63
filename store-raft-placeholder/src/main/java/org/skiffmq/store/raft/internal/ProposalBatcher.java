package org.skiffmq.store.raft.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.ratis.protocol.RaftClientReply;
import org.skiffmq.api.store.PutResult;

/**
 * Gathers the leader's puts into Raft entries: at most {@link #MAX_IN_FLIGHT} entry is on its way
 * through the group at a time, and the puts that arrive meanwhile go together in the next one
 * ({@link PutGroup}). A Raft entry costs every member its encoding, log write, network
 * round and apply whatever it carries, so sixteen senders make one entry of sixteen puts instead
 * of sixteen entries; no put waits on a timer, only on the entries ahead of it.
 *
 * <p>Thread-safe and lock-free: a put adds itself and drains; an entry's completion frees its
 * slot and drains, so a put added while every slot was taken is sent by the completion.
 */
final class ProposalBatcher {
    /**
     * Entries in flight at once. One: each entry takes every put that arrived during the one
     * before, which on a 2-core machine with 16 senders gave 1 068 puts/s (p99 42 ms) against
     * 449 (p99 85 ms) with two in flight; the group's CPU, not its round trips, is the limit.
     */
    static final int MAX_IN_FLIGHT = 1;

    private final Function<byte[], CompletableFuture<RaftClientReply>> submit;
    private final int maxEntryBytes;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** A put's outcome: the group's reply to its entry and the put's own part of it, or why it failed. */
    record Outcome(RaftClientReply reply, PutResult result, Throwable error) {
    }

    private record Pending(byte[] command, CompletableFuture<Outcome> outcome) {
    }

    /**
     * @param submit        proposes one entry to the group
     * @param maxEntryBytes the most an entry of several puts may hold (one put alone may be larger)
     */
    ProposalBatcher(Function<byte[], CompletableFuture<RaftClientReply>> submit, int maxEntryBytes) {
        this.submit = submit;
        this.maxEntryBytes = maxEntryBytes;
    }

    /** Proposes one put ({@link PutCommand} bytes); completes once its entry was applied or failed. */
    CompletableFuture<Outcome> propose(byte[] command) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        queue.add(new Pending(command, outcome));
        drain();
        return outcome;
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int n = inFlight.get();
            if (n >= MAX_IN_FLIGHT) {
                return;
            }
            if (!inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            List<Pending> group = take();
            if (group.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(group);
        }
    }

    /** The queued puts, oldest first, up to the entry size (always at least one). */
    private List<Pending> take() {
        List<Pending> group = new ArrayList<>();
        int bytes = 0;
        Pending next;
        while ((next = queue.peek()) != null) {
            if (!group.isEmpty() && bytes + next.command().length > maxEntryBytes) {
                break;
            }
            if (queue.poll() != next) {
                break; // another drainer took it; what it took goes in its entry
            }
            group.add(next);
            bytes += next.command().length + 4;
        }
        return group;
    }

    private void send(List<Pending> group) {
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
            try {
                answer(group, reply, error);
            } finally {
                inFlight.decrementAndGet();
                drain();
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

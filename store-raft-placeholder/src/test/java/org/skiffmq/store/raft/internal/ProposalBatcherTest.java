package org.skiffmq.store.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.junit.jupiter.api.Test;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/** Puts that arrive while an entry is on its way go together in the next entry, each answered with its own result. */
class ProposalBatcherTest {
    private final List<CompletableFuture<RaftClientReply>> sent = new ArrayList<>();
    private final List<List<PutCommand>> entries = new ArrayList<>();
    private long now;
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Long> timerDelays = new ArrayList<>();

    /** A batcher that never waits for puts to gather. */
    private ProposalBatcher batcher(int maxEntryBytes) {
        return new ProposalBatcher(this::submit, maxEntryBytes, 0, () -> now, (nanos, task) -> {
            throw new AssertionError("a batcher without gather time set a timer");
        });
    }

    /** A batcher that waits up to {@code gatherNanos} for answered senders, on this test's clock and timer. */
    private ProposalBatcher gathering(long gatherNanos) {
        return new ProposalBatcher(this::submit, 1 << 20, gatherNanos, () -> now, (nanos, task) -> {
            timerDelays.add(nanos);
            timers.add(task);
        });
    }

    private CompletableFuture<RaftClientReply> submit(byte[] entry) {
        entries.add(PutGroup.decode(ByteBuffer.wrap(entry)));
        CompletableFuture<RaftClientReply> reply = new CompletableFuture<>();
        sent.add(reply);
        return reply;
    }

    private static byte[] put(String body) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic("T");
        m.setBody(body.getBytes());
        m.setBornHost(new InetSocketAddress("127.0.0.1", 1));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 2));
        return PutCommand.encode(List.of(m), 42);
    }

    /** The group's reply to an entry: each put stored at queue offset = its index. */
    private static RaftClientReply applied(int puts) {
        List<PutResult> results = new ArrayList<>();
        for (int i = 0; i < puts; i++) {
            results.add(new PutResult(PutStatus.PUT_OK, new long[] {100L * i}, i, 42, null));
        }
        return RaftClientReply.newBuilder().setClientId(ClientId.randomId()).setServerId(RaftPeerId.valueOf("n0"))
                .setGroupId(RaftGroupId.randomId()).setCallId(1).setSuccess(true)
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(PutGroup.encodeReplies(results)))).build();
    }

    private static String body(PutCommand c) {
        return new String(c.messages().get(0).getBody());
    }

    @Test
    void putsArrivingWhileAnEntryIsOnItsWayShareTheNextEntry() {
        ProposalBatcher batcher = batcher(1 << 20);
        CompletableFuture<ProposalBatcher.Outcome> first = batcher.propose(put("a"));
        List<CompletableFuture<ProposalBatcher.Outcome>> waiting = new ArrayList<>();
        for (String b : List.of("b", "c", "d")) {
            waiting.add(batcher.propose(put(b)));
        }
        assertEquals(1, entries.size(), "one entry on its way; the others wait");
        assertFalse(first.isDone());

        sent.get(0).complete(applied(1));
        assertTrue(first.isDone());
        assertEquals(2, entries.size(), "the three waiting puts went out together");
        assertEquals(List.of("b", "c", "d"), entries.get(1).stream().map(ProposalBatcherTest::body).toList());

        sent.get(1).complete(applied(3));
        for (int i = 0; i < 3; i++) {
            ProposalBatcher.Outcome o = waiting.get(i).join();
            assertNull(o.error());
            assertEquals(i, o.result().queueOffset(), "each put gets its own result");
        }
    }

    @Test
    void aFailedEntryFailsEachOfItsPutsAndTheNextEntryStillGoes() {
        ProposalBatcher batcher = batcher(1 << 20);
        CompletableFuture<ProposalBatcher.Outcome> first = batcher.propose(put("a"));
        CompletableFuture<ProposalBatcher.Outcome> second = batcher.propose(put("b"));
        CompletableFuture<ProposalBatcher.Outcome> third = batcher.propose(put("c"));
        IOException down = new IOException("the raft server is not running");
        sent.get(0).completeExceptionally(down);
        assertSame(down, first.join().error());

        sent.get(1).completeExceptionally(down);
        assertSame(down, second.join().error());
        assertSame(down, third.join().error(), "both puts of the failed entry are told");
        assertEquals(2, entries.size());

        CompletableFuture<ProposalBatcher.Outcome> after = batcher.propose(put("d"));
        assertEquals(3, entries.size(), "a slot freed by a failure is used again");
        sent.get(2).complete(applied(1));
        assertEquals(0, after.join().result().queueOffset());
    }

    @Test
    void anEntryStopsAtItsSizeButAlwaysTakesOnePut() {
        byte[] big = put("x".repeat(3000));
        ProposalBatcher batcher = batcher(big.length + 10);
        batcher.propose(put("first"));
        batcher.propose(big);
        batcher.propose(put("y".repeat(3000)));
        sent.get(0).complete(applied(1));
        assertEquals(1, entries.get(1).size(), "the second big put waits for the next entry");
        sent.get(1).complete(applied(1));
        assertEquals(1, entries.get(2).size());
    }

    @Test
    void theNextEntryWaitsForTheSendersJustAnsweredAndGoesOnceTheyAreBack() {
        ProposalBatcher batcher = gathering(2_000_000);
        CompletableFuture<ProposalBatcher.Outcome> first = batcher.propose(put("a"));
        assertEquals(1, entries.size(), "a put with nothing on its way goes at once");
        batcher.propose(put("b"));
        batcher.propose(put("c"));
        now += 10_000_000; // the entry takes 10 ms
        sent.get(0).complete(applied(1));
        assertTrue(first.isDone());
        assertEquals(1, entries.size(), "b and c wait for a's sender, just answered");
        assertEquals(List.of(2_000_000L), timerDelays, "at most the gather time");

        batcher.propose(put("a2"));
        assertEquals(2, entries.size(), "a's sender is back: the entry goes without the timer");
        assertEquals(List.of("b", "c", "a2"), entries.get(1).stream().map(ProposalBatcherTest::body).toList());
        timers.get(0).run();
        assertEquals(2, entries.size(), "the timer of the finished wait changes nothing");
    }

    @Test
    void aWaitThatRunsOutSendsWhatGatheredAndNeverWaitsMoreThanHalfAnEntry() {
        ProposalBatcher batcher = gathering(2_000_000);
        batcher.propose(put("a"));
        batcher.propose(put("b"));
        now += 1_000_000; // a quick group: the entry took 1 ms
        sent.get(0).complete(applied(1));
        assertEquals(List.of(500_000L), timerDelays, "half of the last entry's round");
        assertEquals(1, entries.size());
        now += 500_000;
        timers.get(0).run();
        assertEquals(2, entries.size(), "a's sender did not come back: what gathered goes");
        assertEquals(List.of("b"), entries.get(1).stream().map(ProposalBatcherTest::body).toList());
    }

    @Test
    void afterAFailedEntryNothingIsAwaited() {
        ProposalBatcher batcher = gathering(2_000_000);
        batcher.propose(put("a"));
        batcher.propose(put("b"));
        now += 5_000_000;
        sent.get(0).completeExceptionally(new IOException("not the leader"));
        now += 5_000_000;
        sent.get(1).completeExceptionally(new IOException("not the leader"));
        batcher.propose(put("c"));
        assertEquals(3, entries.size(), "the failed senders may have gone to another broker");
        assertTrue(timers.isEmpty());
    }

    @Test
    void aGroupRoundTripsThroughItsEncoding() {
        List<byte[]> commands = List.of(put("a"), put("bb"));
        List<PutCommand> decoded = PutGroup.decode(ByteBuffer.wrap(PutGroup.encode(commands)));
        assertEquals(List.of("a", "bb"), decoded.stream().map(ProposalBatcherTest::body).toList());
        List<PutResult> results = List.of(PutResult.failed(PutStatus.SERVICE_NOT_AVAILABLE, "why"),
                new PutResult(PutStatus.PUT_OK, new long[] {7, 8}, 3, 42, null));
        List<PutResult> back = PutGroup.decodeReplies(ByteBuffer.wrap(PutGroup.encodeReplies(results)));
        assertEquals("why", back.get(0).detail());
        assertEquals(8, back.get(1).physicalOffsets()[1]);
    }
}

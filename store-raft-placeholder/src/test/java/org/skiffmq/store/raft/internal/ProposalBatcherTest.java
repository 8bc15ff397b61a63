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
        ProposalBatcher batcher = new ProposalBatcher(this::submit, 1 << 20);
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
        ProposalBatcher batcher = new ProposalBatcher(this::submit, 1 << 20);
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
        ProposalBatcher batcher = new ProposalBatcher(this::submit, big.length + 10);
        batcher.propose(put("first"));
        batcher.propose(big);
        batcher.propose(put("y".repeat(3000)));
        sent.get(0).complete(applied(1));
        assertEquals(1, entries.get(1).size(), "the second big put waits for the next entry");
        sent.get(1).complete(applied(1));
        assertEquals(1, entries.get(2).size());
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

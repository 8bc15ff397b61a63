package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.store.mmap.MmapStoreConfig;
import org.skiffmq.store.mmap.MmapStoreProvider;

/**
 * Reads a stopped broker's data directory through the store SPI, the way the broker's own start
 * does (recovery included), and checks it against what the producers were told.
 */
final class StoreAudit {

    /** Where a message was found. */
    record Copy(int queueId, long queueOffset, long physicalOffset) {
    }

    /** What the audit keeps of a stored record: its id and its body's digest (a long run stores millions). */
    private record Stored(String uniqKey, long bodyDigest) {
    }

    /**
     * Figures for the report: records in the store, acknowledged sends checked, and of those the
     * ones missing or found with another body or id at their acknowledged place; copies beyond the
     * first of a message that the client put on the wire more than once.
     */
    record Result(int records, int acked, int missing, int corrupted, int duplicateCopies) {
    }

    private StoreAudit() {
    }

    static Result check(MmapStoreConfig config, String topic, SendLedger ledger) throws Exception {
        MessageStore store = new MmapStoreProvider().create(config, Clock.systemUTC());
        store.start();
        try {
            return check(store, topic, ledger);
        } finally {
            store.shutdown();
        }
    }

    private static Result check(MessageStore store, String topic, SendLedger ledger) {
        Map<String, List<Copy>> copies = new HashMap<>();
        Map<Integer, Map<Long, Stored>> byQueue = new HashMap<>();
        Set<Long> physicalOffsets = new HashSet<>();
        int records = 0;
        for (int queueId : store.queueIds(topic)) {
            long min = store.minQueueOffset(topic, queueId);
            long max = store.maxQueueOffset(topic, queueId);
            assertEquals(0, min, "queue " + queueId + " lost its head (nothing is old enough for retention)");
            Map<Long, Stored> queue = new HashMap<>();
            byQueue.put(queueId, queue);
            long offset = min;
            long lastPhysical = -1;
            while (offset < max) {
                GetResult got = store.getMessages(topic, queueId, offset, 64, 1 << 20, null);
                assertEquals(GetStatus.FOUND, got.status(), "queue " + queueId + " has a hole at offset " + offset
                        + " below its max " + max);
                for (ByteBuffer record : got.messages()) {
                    StoredMessage m;
                    try {
                        m = StoredMessageCodec.decode(record.duplicate(), true);
                    } catch (MessageDecodeException e) {
                        throw new AssertionError("torn record served at " + topic + "/" + queueId + "@" + offset
                                + ": " + e.getMessage(), e);
                    }
                    // Queue order: the record at offset n says it is n, and sits after offset n - 1.
                    assertEquals(offset, m.getQueueOffset(), "record served at queue offset " + offset);
                    assertEquals(queueId, m.getQueueId());
                    assertEquals(topic, m.getTopic());
                    assertTrue(m.getPhysicalOffset() > lastPhysical, "queue " + queueId + " offset " + offset
                            + " is stored before its predecessor");
                    assertTrue(physicalOffsets.add(m.getPhysicalOffset()), "two queue entries point at the record at "
                            + m.getPhysicalOffset());
                    lastPhysical = m.getPhysicalOffset();
                    if (m.getUniqKey() == null) {
                        throw new AssertionError("record without UNIQ_KEY served at " + topic + "/" + queueId + "@" + offset
                                + " (physical " + m.getPhysicalOffset() + ", " + m.getStoreSize() + " bytes, properties "
                                + m.getProperties() + "): every test producer's message has one, so it was torn");
                    }
                    queue.put(offset, new Stored(m.getUniqKey(), SendLedger.digest(m.getBody())));
                    copies.computeIfAbsent(m.getUniqKey(), k -> new ArrayList<>())
                            .add(new Copy(queueId, offset, m.getPhysicalOffset()));
                    offset++;
                    records++;
                }
                assertEquals(offset, got.nextBeginOffset());
            }
        }

        // Every SEND_OK: that message, byte-exact, at the acknowledged queue and offset. Counted
        // first, so a failing long run reports how many, then asserted.
        List<SendLedger.Ack> acks = ledger.acks();
        List<String> problems = new ArrayList<>();
        int missing = 0;
        int corrupted = 0;
        for (SendLedger.Ack ack : acks) {
            Map<Long, Stored> queue = byQueue.get(ack.queueId());
            Stored m = queue == null ? null : queue.get(ack.queueOffset());
            String where = ack.queueId() + "@" + ack.queueOffset();
            if (m == null) {
                missing++;
                note(problems, "acknowledged " + ack.msgId() + " is missing from " + where);
            } else if (!ack.msgId().equals(m.uniqKey()) || ack.bodyDigest() != m.bodyDigest()) {
                corrupted++;
                note(problems, "at the acknowledged " + where + " of " + ack.msgId() + " sits "
                        + (ack.msgId().equals(m.uniqKey()) ? "another body" : "message " + m.uniqKey()));
            }
        }
        assertTrue(missing == 0 && corrupted == 0, missing + " of " + acks.size() + " acknowledged messages missing, "
                + corrupted + " corrupted; first: " + problems);

        // Every stored message was sent by a test producer, with that body, and is stored at most
        // once per time it went on the wire. A send whose answer was lost (the broker died after
        // appending, or the answer was in flight) is retried by the client under the same message
        // id; the broker cannot tell the retry from a new message, so the first attempt's copy stays
        // in the log, unacknowledged, beside the acknowledged one. What the check must never see is
        // the broker itself writing one append twice (two entries for one record, caught above) or
        // more copies than attempts.
        int duplicates = 0;
        for (Map.Entry<String, List<Copy>> e : copies.entrySet()) {
            String id = e.getKey();
            assertTrue(ledger.wasSent(id), "stored message " + id + " at " + e.getValue() + " was never sent");
            int attempts = ledger.attempts(id);
            assertTrue(e.getValue().size() <= attempts, id + " is stored " + e.getValue().size() + " times "
                    + e.getValue() + " but was sent " + attempts + " times");
            for (Copy c : e.getValue()) {
                assertEquals(ledger.bodyDigest(id), byQueue.get(c.queueId()).get(c.queueOffset()).bodyDigest(),
                        "body of " + id + " at " + c);
            }
            duplicates += e.getValue().size() - 1;
        }
        return new Result(records, acks.size(), missing, corrupted, duplicates);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 5) {
            problems.add(problem);
        }
    }
}

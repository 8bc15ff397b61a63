package org.skiffmq.store.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.raft.RaftGroupFixture.TOPIC;
import static org.skiffmq.store.raft.RaftGroupFixture.await;
import static org.skiffmq.store.raft.RaftGroupFixture.message;
import static org.skiffmq.store.raft.RaftGroupFixture.records;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;
import org.skiffmq.api.store.ReplicaRole;

/** A real three-member group in this JVM: replication, refusals, failover, a lost majority, restarts. */
class RaftGroupTest {
    @TempDir
    Path dir;

    @Test
    void everyMemberStoresTheSameRecordsAtTheSameOffsets() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "sync")) {
            group.startAll();
            MessageStore leader = group.member(group.awaitMaster());
            for (int i = 0; i < 100; i++) {
                PutResult r = leader.put(message("k" + i, i % 2)).join();
                assertEquals(PutStatus.PUT_OK, r.status(), r.detail());
                assertEquals(i / 2, r.queueOffset());
            }
            List<BrokerMessage> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(message("batch" + i, 1));
            }
            PutResult b = leader.putBatch(batch).join();
            assertEquals(PutStatus.PUT_OK, b.status(), b.detail());
            assertEquals(5, b.physicalOffsets().length);
            assertEquals(50, b.queueOffset());
            StoredMessage read = leader.readMessage(b.physicalOffsets()[4]);
            assertEquals("batch4", read.getKeys());

            for (int m = 0; m < 3; m++) {
                MessageStore member = group.member(m);
                await("member n" + m + " has every message", () -> member.maxQueueOffset(TOPIC, 0) == 50
                        && member.maxQueueOffset(TOPIC, 1) == 55);
            }
            for (int q = 0; q < 2; q++) {
                List<byte[]> expected = records(leader, q);
                for (int m = 0; m < 3; m++) {
                    List<byte[]> got = records(group.member(m), q);
                    assertEquals(expected.size(), got.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), got.get(i), "record " + i + " of queue " + q + " on n" + m);
                    }
                }
            }
        }
    }

    @Test
    void aFollowerRefusesSendsAndStoresNothing() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "async")) {
            group.startAll();
            int leader = group.awaitMaster();
            int follower = (leader + 1) % 3;
            ReplicaRole role = group.member(follower).replicaRole();
            assertEquals(follower + 1L, role.brokerId(), "a follower registers under its place in peers plus 1");
            PutResult r = group.member(follower).put(message("refused", 0)).join();
            assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, r.status());
            assertTrue(r.detail().contains("not the leader") && r.detail().contains("n" + leader), r.detail());
            assertEquals(PutStatus.PUT_OK, group.member(leader).put(message("taken", 0)).join().status());
            for (int m = 0; m < 3; m++) {
                MessageStore member = group.member(m);
                await("n" + m + " has the one taken message", () -> member.maxQueueOffset(TOPIC, 0) == 1);
                assertEquals("taken", decode(records(member, 0).get(0)).getKeys());
            }
        }
    }

    @Test
    void whenTheLeaderStopsAnotherLeadsAndTheOldOneCatchesUpWithoutDuplicates() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "sync")) {
            group.startAll();
            int first = group.awaitMaster();
            long firstTerm = group.member(first).replicaRole().term();
            putAll(group.member(first), "before", 30);
            group.stop(first);

            int second = group.awaitMaster();
            assertNotEquals(first, second);
            assertTrue(group.member(second).replicaRole().term() > firstTerm, "a new leader has a higher term");
            putAll(group.member(second), "after", 30);

            MessageStore returned = group.start(first);
            await("the old leader catches up", () -> returned.maxQueueOffset(TOPIC, 0) == 60);
            assertEquals(keys("before", 30, "after", 30), keysOf(records(returned, 0)));
            assertEquals(first + 1L, returned.replicaRole().brokerId(), "it comes back as a follower");
            for (int m = 0; m < 3; m++) {
                assertEquals(keys("before", 30, "after", 30), keysOf(records(group.member(m), 0)), "member n" + m);
            }
        }
    }

    @Test
    void aMinorityAcknowledgesNothingAndTheGroupServesAgainWhenTheMajorityReturns() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "sync")) {
            group.startAll();
            int leader = group.awaitMaster();
            putAll(group.member(leader), "acked", 20);
            int a = (leader + 1) % 3;
            int b = (leader + 2) % 3;
            group.stop(a);
            group.stop(b);
            MessageStore alone = group.member(leader);
            for (int i = 0; i < 3; i++) {
                PutResult r = alone.put(message("alone" + i, 0)).join();
                assertNotEquals(PutStatus.PUT_OK, r.status(), "one member of three acknowledged a send");
                assertTrue(r.status() == PutStatus.IN_SYNC_REPLICAS_NOT_ENOUGH
                        || r.status() == PutStatus.SERVICE_NOT_AVAILABLE, r.status() + " " + r.detail());
            }

            group.start(a);
            group.start(b);
            int master = group.awaitMaster();
            putAll(group.member(master), "later", 10);
            for (int m = 0; m < 3; m++) {
                MessageStore member = group.member(m);
                await("n" + m + " has the later sends", () -> keysOf(records(member, 0)).containsAll(keys("later", 10)));
                List<String> held = keysOf(records(member, 0));
                assertTrue(held.containsAll(keys("acked", 20)), "n" + m + " lost an acknowledged message: " + held);
                assertEquals(held.size(), new HashSet<>(held).size(), "n" + m + " holds a message twice: " + held);
            }
        }
    }

    @Test
    void aMemberRestartedAfterTheOthersMovedOnCatchesUpAndOnceLeaderServesEverything() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "async", 10)) {
            group.startAll();
            int leader = group.awaitMaster();
            int follower = (leader + 1) % 3;
            putAll(group.member(leader), "one", 45);
            await("the follower has the first sends", () -> group.member(follower).maxQueueOffset(TOPIC, 0) == 45);
            group.stop(follower);
            putAll(group.member(leader), "two", 25); // the others move on (and snapshot) without it
            MessageStore back = group.start(follower);
            await("the restarted member catches up", () -> back.maxQueueOffset(TOPIC, 0) == 70);
            assertEquals(keys("one", 45, "two", 25), keysOf(records(back, 0)), "nothing twice, nothing missing");

            group.transferLeadership(follower);
            await("the restarted member leads", () -> back.replicaRole().master());
            assertEquals(0, back.replicaRole().brokerId());
            putAll(back, "three", 5);
            assertEquals(keys("one", 45, "two", 25, "three", 5), keysOf(records(back, 0)));
            for (int m = 0; m < 3; m++) {
                MessageStore member = group.member(m);
                await("n" + m + " has the new leader's sends", () -> member.maxQueueOffset(TOPIC, 0) == 75);
                assertEquals(keys("one", 45, "two", 25, "three", 5), keysOf(records(member, 0)), "member n" + m);
            }
        }
    }

    /**
     * The log the member missed is gone (snapshots every 10 entries, the log purged in 2 KiB
     * segments): it copies the leader's store, across commit-log files that rolled early for a
     * batch, and ends with the same bytes at the same offsets.
     */
    @Test
    void aMemberWhoseMissedLogWasPurgedCopiesTheLeadersStoreAndOnceLeaderServesEverything() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "async", 10, "2k")) {
            group.commitLogFileSize("16k");
            group.startAll();
            int leader = group.awaitMaster();
            int behind = (leader + 1) % 3;
            putAll(group.member(leader), "one", 20);
            await("the member has the first sends", () -> group.member(behind).maxQueueOffset(TOPIC, 0) == 20);
            group.stop(behind);
            MessageStore lead = group.member(leader);
            for (int i = 0; i < 60; i++) { // ~1 KiB each: several 16 KiB files, and batches that roll them early
                if (i % 7 == 3) {
                    List<BrokerMessage> batch = new ArrayList<>();
                    for (int b = 0; b < 3; b++) {
                        batch.add(bulky("two" + i + "-" + b, 1));
                    }
                    assertEquals(PutStatus.PUT_OK, lead.putBatch(batch).join().status());
                } else {
                    assertEquals(PutStatus.PUT_OK, lead.put(bulky("two" + i, i % 2)).join().status());
                }
            }
            Path leaderLog = dir.resolve("n" + leader);
            await("the leader purged the log the member missed", () -> firstLogIndex(leaderLog) > 40);

            MessageStore back = group.start(behind);
            for (int q = 0; q < 2; q++) {
                int queue = q;
                await("the member copied queue " + q, () -> back.maxQueueOffset(TOPIC, queue) == lead.maxQueueOffset(TOPIC,
                        queue));
                List<byte[]> want = records(lead, q);
                List<byte[]> got = records(back, q);
                assertEquals(want.size(), got.size());
                for (int i = 0; i < want.size(); i++) {
                    assertArrayEquals(want.get(i), got.get(i), "queue " + q + " record " + i + ": same bytes, same offsets");
                }
            }

            group.transferLeadership(behind);
            await("the member that copied leads", () -> back.replicaRole().master());
            putAll(back, "three", 5);
            List<String> held = keysOf(records(back, 0));
            assertTrue(held.containsAll(keys("one", 20, "three", 5)), held.toString());
            assertEquals(held.size(), new HashSet<>(held).size(), "nothing twice: " + held);
        }
    }

    private static BrokerMessage bulky(String key, int queueId) {
        BrokerMessage m = message(key, queueId);
        m.setBody(("body of " + key + " ").repeat(60).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return m;
    }

    /**
     * The first index the member's Raft log still holds, from its segment files' names; 0 when it
     * cannot be told now (Ratis renames a segment as it rolls it, under the walk), so an await asks again.
     */
    private static long firstLogIndex(Path member) {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(member.resolve("raft"))) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("log_"))
                    .mapToLong(n -> Long.parseLong(n.replace("log_inprogress_", "").replace("log_", "").split("-")[0]))
                    .min().orElse(0);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    @Test
    void aFollowerWhoseDiskIsFullFallsBehindWithoutStoppingAndCatchesUpOnceThereIsRoom() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "sync")) {
            int full = 2;
            group.diskFullRatio(full, 0.0001); // the disk is surely fuller than 0.01 %: no local writes on n2
            group.startAll();
            if (group.awaitMaster() == full) {
                group.transferLeadership(0);
                await("n0 leads", () -> group.member(0).replicaRole().master());
            }
            int leader = group.awaitMaster();
            int other = 3 - full - leader;
            putAll(group.member(leader), "a", 20);
            await("the healthy follower has them", () -> group.member(other).maxQueueOffset(TOPIC, 0) == 20);
            assertEquals(0, group.member(full).maxQueueOffset(TOPIC, 0), "n2's local store took a write");

            // Its Raft log still takes part: with the healthy follower gone, the leader and n2 are a majority.
            group.stop(other);
            putAll(group.member(leader), "b", 5);

            // The fault clears: n2 restarts with room, catches up, and holds everything once.
            group.diskFullRatio(full, 0.99);
            group.stop(full);
            MessageStore mended = group.start(full);
            group.start(other);
            await("n2 catches up", () -> mended.maxQueueOffset(TOPIC, 0) == 25);
            assertEquals(keys("a", 20, "b", 5), keysOf(records(mended, 0)));
            assertEquals(keysOf(records(group.member(leader), 0)), keysOf(records(mended, 0)));
        }
    }

    @Test
    void aMemberWhoseStoreHoldsAnotherHistoryStopsAndTheGroupGoesOn() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "sync")) {
            group.startAll();
            int leader = group.awaitMaster();
            int odd = (leader + 1) % 3;
            putAll(group.member(leader), "a", 10);
            await("n" + odd + " has them", () -> group.member(odd).maxQueueOffset(TOPIC, 0) == 10);
            group.stop(odd);
            // Behind the group's back, its local store gets a message the group never committed.
            MessageStore local = new org.skiffmq.store.mmap.MmapStoreProvider().create(
                    group.settings(odd).local().toConfig(dir.resolve("n" + odd)), java.time.Clock.systemUTC());
            local.start();
            assertEquals(PutStatus.PUT_OK, local.put(message("stranger", 0)).join().status());
            local.shutdown();

            MessageStore back = group.start(odd);
            putAll(group.member(leader), "b", 3); // the first of these meets the stranger at offset 10
            await("the member stops", () -> ((org.skiffmq.store.raft.internal.ReplicatedMessageStore) back).leaderId() == null);
            assertEquals(11, back.maxQueueOffset(TOPIC, 0), "it applied nothing past the mismatch");
            assertTrue(!back.replicaRole().master());
            putAll(group.member(leader), "c", 3); // the other two go on
            int other = 3 - leader - odd;
            await("the healthy follower has everything", () -> group.member(other).maxQueueOffset(TOPIC, 0) == 16);

            // The fault clears as the error says: the member's folder is replaced (emptied here)
            // and it starts again, catching up from the group with nothing of the stranger left.
            group.stop(odd);
            deleteTree(dir.resolve("n" + odd));
            MessageStore mended = group.start(odd);
            await("the mended member catches up", () -> mended.maxQueueOffset(TOPIC, 0) == 16);
            assertEquals(keysOf(records(group.member(leader), 0)), keysOf(records(mended, 0)));
        }
    }

    @Test
    void metadataDocumentsReachEveryMemberAndOutliveRestartsFromSnapshots() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "async", 5)) {
            List<Map<String, String>> seen = new ArrayList<>();
            group.startAll();
            for (int m = 0; m < 3; m++) {
                Map<String, String> into = new ConcurrentHashMap<>();
                seen.add(into);
                group.member(m).setMetadataListener((name, content) -> into.put(name, new String(content)));
            }
            int leader = group.awaitMaster();
            int follower = (leader + 1) % 3;
            assertTrue(group.member(follower).putMetadata("topics", new byte[1]).handle((v, e) -> e != null).join(),
                    "a follower published metadata");
            group.member(leader).putMetadata("topics", "v1".getBytes()).join();
            putAll(group.member(leader), "m", 12); // enough entries for snapshots
            group.member(leader).putMetadata("topics", "v2".getBytes()).join();
            for (int m = 0; m < 3; m++) {
                Map<String, String> into = seen.get(m);
                await("n" + m + " heard v2", () -> "v2".equals(into.get("topics")));
            }
            putAll(group.member(leader), "n", 12);
            group.stop(follower);
            RaftStoreSettings settings = group.settings(follower);
            Map<String, String> afterRestart = new ConcurrentHashMap<>();
            MessageStore back = new RaftStoreProvider().create(settings, dir.resolve("n" + follower),
                    java.time.Clock.systemUTC());
            back.setMetadataListener((name, content) -> afterRestart.put(name, new String(content)));
            back.start();
            try {
                await("the restarted member hears the latest topics document", () -> "v2".equals(afterRestart.get("topics")));
            } finally {
                back.shutdown();
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    private static void putAll(MessageStore leader, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            PutResult r = leader.put(message(prefix + i, 0)).join();
            assertEquals(PutStatus.PUT_OK, r.status(), r.detail());
        }
    }

    private static List<String> keys(Object... prefixAndCount) {
        List<String> keys = new ArrayList<>();
        for (int p = 0; p < prefixAndCount.length; p += 2) {
            for (int i = 0; i < (Integer) prefixAndCount[p + 1]; i++) {
                keys.add(prefixAndCount[p] + "" + i);
            }
        }
        return keys;
    }

    private static List<String> keysOf(List<byte[]> records) {
        List<String> keys = new ArrayList<>();
        for (byte[] r : records) {
            keys.add(decode(r).getKeys());
        }
        return keys;
    }

    private static StoredMessage decode(byte[] record) {
        return StoredMessageCodec.decode(ByteBuffer.wrap(record));
    }
}

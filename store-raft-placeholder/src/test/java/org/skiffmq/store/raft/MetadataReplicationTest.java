package org.skiffmq.store.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skiffmq.store.raft.RaftGroupFixture.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.broker.group.SubscriptionGroupConfig;
import org.skiffmq.kernel.broker.group.SubscriptionGroupTable;
import org.skiffmq.kernel.broker.replication.MetadataReplication;
import org.skiffmq.kernel.broker.schedule.DelayLevels;
import org.skiffmq.kernel.broker.schedule.ScheduleService;
import org.skiffmq.kernel.broker.topic.TopicConfigTable;
import org.skiffmq.kernel.protocol.Perm;

/**
 * The broker's tables on a real raft group: what the master changes reaches every member's
 * tables and files, the master keeps its own, and a new master starts from what it was sent.
 */
class MetadataReplicationTest {
    @TempDir
    Path dir;

    /** One member's broker tables, wired to its store the way a broker wires them. */
    private record Tables(TopicConfigTable topics, ConsumerOffsetTable offsets, ScheduleService schedule,
            SubscriptionGroupTable groups, Path config) {
        static Tables wire(MessageStore store, Path config) throws Exception {
            TopicConfigTable topics = new TopicConfigTable(config.resolve("topics.json"), Clock.systemUTC(), true, 8);
            topics.load();
            ConsumerOffsetTable offsets = new ConsumerOffsetTable(config.resolve("consumerOffset.json"));
            ScheduleService schedule = new ScheduleService(store, DelayLevels.defaults(), Clock.systemUTC(),
                    config.resolve("delayOffset.json"));
            SubscriptionGroupTable groups = new SubscriptionGroupTable(config.resolve("subscriptionGroup.json"),
                    Clock.systemUTC());
            groups.load();
            MetadataReplication replication = MetadataReplication.wire(store, topics, offsets, schedule, groups);
            assertNotNull(replication, "a raft store replicates metadata");
            store.setReplicaRoleListener(replication::roleChanged);
            return new Tables(topics, offsets, schedule, groups, config);
        }
    }

    @Test
    void theMastersTablesReachEveryMemberAndANewMasterStartsFromThem() throws Exception {
        try (RaftGroupFixture group = new RaftGroupFixture(dir, 3, "async")) {
            group.startAll();
            Tables[] tables = new Tables[3];
            for (int m = 0; m < 3; m++) {
                tables[m] = Tables.wire(group.member(m), dir.resolve("config-n" + m));
            }
            int leader = group.awaitMaster();
            int follower = (leader + 1) % 3;
            // A new master publishes its tables once; wait for that, so the documents below come after it.
            await("the new master's first documents", () -> Files.exists(tables[follower].config().resolve(
                    "delayOffset.json")));
            tables[leader].topics().ensure("Orders", 4, Perm.READ_WRITE);
            tables[leader].offsets().commit("billing", "Orders", 2, 42);
            tables[leader].offsets().persist();
            group.member(leader).putMetadata("delayOffsets", "{\"3\":7}".getBytes(StandardCharsets.UTF_8)).join();
            tables[leader].topics().ensure("Refunds", 2, Perm.READ_WRITE);
            tables[leader].groups().put(new SubscriptionGroupConfig("billing", false, null, null, null, 2, 5, null, null,
                    null, null, null, null));

            for (int m = 0; m < 3; m++) {
                Tables t = tables[m];
                await("n" + m + " has both topics", () -> t.topics().get("Refunds") != null && t.topics().get("Orders") != null);
                await("n" + m + " has the group's offset", () -> t.offsets().query("billing", "Orders", 2) == 42);
                // The table is replaced in memory, then its file is written: wait for the file too.
                await("n" + m + "'s file has both topics", () -> fileContains(t.config().resolve("topics.json"),
                        "Refunds"));
                await("n" + m + " has the group's settings", () -> t.groups().get("billing") != null
                        && !t.groups().get("billing").consumeEnable() && t.groups().get("billing").retryMaxTimes() == 5);
            }
            await("the follower has the delivery progress", () -> new String(tables[follower].schedule().persistentForm(),
                    StandardCharsets.UTF_8).contains("\"3\":7"));
            await("the follower's file has the delivery progress", () -> fileContains(
                    tables[follower].config().resolve("delayOffset.json"), "\"3\":7"));

            group.stop(leader);
            int next = group.awaitMaster();
            tables[next].offsets().commit("billing", "Orders", 2, 50);
            tables[next].offsets().persist();
            tables[next].topics().ensure("Returns", 1, Perm.READ_WRITE);
            int other = 3 - leader - next;
            await("the remaining follower follows the new master", () -> tables[other].offsets().query("billing",
                    "Orders", 2) == 50 && tables[other].topics().get("Returns") != null);
            assertEquals(42 + 8, tables[next].offsets().query("billing", "Orders", 2));
            assertNotNull(tables[next].topics().get("Orders"), "the new master forgot a topic of the old one");
            assertTrue(!tables[next].groups().get("billing").consumeEnable(), "the new master forgot a group's settings");
        }
    }

    private static boolean fileContains(java.nio.file.Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

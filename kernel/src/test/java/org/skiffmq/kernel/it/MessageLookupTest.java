package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.StoreSection;

/**
 * mqadmin's queryMsgByKey and queryMsgById (by the unique id a send returned), through rocketmq-tools
 * 5.2.0's own API, against a real SkiffMQ: before and after a restart, after a SIGKILL, and what a
 * malformed QUERY_MESSAGE gets.
 */
class MessageLookupTest {
    private static final String TOPIC = "LookupTopic";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void keysAndIdsAreFoundBeforeAndAfterARestart() throws Exception {
        List<SendResult> sent;
        try (SkiffServer server = TestBroker.start(dir)) {
            sent = sendKeyed(server.nameServerAddress(), "PG_LOOKUP", 20);
            DefaultMQAdminExt admin = MqAdminTest.admin(server.nameServerAddress(), "skiff-lookup-1");
            try {
                assertFound(admin, sent);
                // A key several messages share: every one, newest first.
                QueryResult shared = awaitQuery(admin, "shared", 20);
                assertEquals(20, shared.getMessageList().size());
                assertEquals(Set.of("odd", "even"), Set.of(shared.getMessageList().get(0).getTags(),
                        shared.getMessageList().get(1).getTags()));
                // A range before the sends finds none of them.
                assertEquals(0, queryOrEmpty(admin, "key-3", 0, 1));
            } finally {
                admin.shutdown();
            }
        }
        try (SkiffServer again = SkiffServer.start(TestBroker.config(dir, "async"), dir)) {
            DefaultMQAdminExt admin = MqAdminTest.admin(again.nameServerAddress(), "skiff-lookup-2");
            try {
                assertFound(admin, sent);
            } finally {
                admin.shutdown();
            }
        }
    }

    @Test
    @Timeout(180)
    void keysAndIdsAreFoundAfterTheBrokerIsKilled() throws Exception {
        try (ChildBroker child = new ChildBroker(dir, String.join("\n",
                "plugins: { dir: no-plugins }",
                "store: { dir: data, flush: async, commitLogFileSize: 1m, flushIntervalMillis: 200 }",
                ""))) {
            child.launch();
            child.awaitReady(60);
            List<SendResult> sent = sendKeyed(child.nameServerAddress(), "PG_KILLED", 200);
            child.kill();
            child.launch();
            child.awaitReady(60);
            DefaultMQAdminExt admin = MqAdminTest.admin(child.nameServerAddress(), "skiff-lookup-killed");
            try {
                assertFound(admin, sent);
            } finally {
                admin.shutdown();
            }
        }
    }

    @Test
    void malformedQueriesAreRefusedWithTheReason() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            sendKeyed(server.nameServerAddress(), "PG_BAD", 1);
            try (RemotingTestClient raw = new RemotingTestClient(server.brokerAddress())) {
                RemotingCommand noKey = raw.call(query(TOPIC, null, 10, 0, Long.MAX_VALUE));
                assertRefused(noKey, ResponseCode.SYSTEM_ERROR, "key");
                RemotingCommand inverted = raw.call(query(TOPIC, "key-0", 10, 2000, 1000));
                assertRefused(inverted, ResponseCode.SYSTEM_ERROR, "time range");
                RemotingCommand none = raw.call(query(TOPIC, "key-0", 0, 0, Long.MAX_VALUE));
                assertRefused(none, ResponseCode.SYSTEM_ERROR, "maxNum");
                RemotingCommand unknown = raw.call(query("NoSuchTopic", "key-0", 10, 0, Long.MAX_VALUE));
                assertRefused(unknown, ResponseCode.TOPIC_NOT_EXIST, "NoSuchTopic");
                RemotingCommand missing = raw.call(query(TOPIC, "key-none", 10, 0, Long.MAX_VALUE));
                assertRefused(missing, ResponseCode.QUERY_NOT_FOUND, "key-none");
            }
        }
    }

    @Test
    void aStoreWithoutAnIndexSaysSoInsteadOfFindingNothing() throws Exception {
        SkiffConfig config = TestBroker.config(dir, "async").store(StoreSection.of("mmap", Map.of(
                "dir", dir.toString(), "commitLogFileSize", "16m", "messageIndex", false)));
        try (SkiffServer server = SkiffServer.start(config, dir)) {
            sendKeyed(server.nameServerAddress(), "PG_NOINDEX", 1);
            try (RemotingTestClient raw = new RemotingTestClient(server.brokerAddress())) {
                RemotingCommand r = raw.call(query(TOPIC, "key-0", 10, 0, Long.MAX_VALUE));
                assertRefused(r, ResponseCode.SYSTEM_ERROR, "keeps no message index");
            }
        }
    }

    private static List<SendResult> sendKeyed(String nameServer, String group, int count) throws Exception {
        DefaultMQProducer producer = OfficialClient.producer(nameServer, group);
        try {
            List<SendResult> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Message m = new Message(TOPIC, i % 2 == 0 ? "even" : "odd", "key-" + i + " shared",
                        ("lookup " + i).getBytes(StandardCharsets.UTF_8));
                SendResult r = producer.send(m);
                assertEquals(SendStatus.SEND_OK, r.getSendStatus());
                sent.add(r);
            }
            return sent;
        } finally {
            producer.shutdown();
        }
    }

    /** queryMsgByKey finds each message by its own key; queryMsgById finds it by the id its send returned. */
    private static void assertFound(DefaultMQAdminExt admin, List<SendResult> sent) throws Exception {
        for (int i : new TreeSet<>(List.of(0, sent.size() / 2, sent.size() - 1))) {
            QueryResult byKey = awaitQuery(admin, "key-" + i, 1);
            assertEquals(1, byKey.getMessageList().size(), "key-" + i);
            MessageExt m = byKey.getMessageList().get(0);
            assertEquals("lookup " + i, new String(m.getBody(), StandardCharsets.UTF_8));
            assertEquals(sent.get(i).getMsgId(), m.getMsgId());

            // queryMsgById with the id a send returns (its unique key). mqadmin's viewMessage would first
            // try the id as an offset id, dialling the address it seems to hold: this asks directly.
            List<MessageExt> byId = admin.queryMessageByUniqKey(TOPIC, sent.get(i).getMsgId(), 32, 0, Long.MAX_VALUE)
                    .getMessageList();
            assertEquals(1, byId.size(), "id " + sent.get(i).getMsgId());
            assertEquals("lookup " + i, new String(byId.get(0).getBody(), StandardCharsets.UTF_8));
            assertEquals(sent.get(i).getQueueOffset(), byId.get(0).getQueueOffset());
        }
    }

    /** Queries until the index has caught up (it follows the commit log by a moment). */
    private static QueryResult awaitQuery(DefaultMQAdminExt admin, String key, int atLeast) throws Exception {
        Supplier<Integer> found = () -> queryOrEmpty(admin, key, 0, Long.MAX_VALUE);
        assertTrue(Received.await(15, () -> found.get() >= atLeast), key + " found " + found.get());
        return admin.queryMessage(TOPIC, key, 64, 0, Long.MAX_VALUE);
    }

    private static int queryOrEmpty(DefaultMQAdminExt admin, String key, long begin, long end) {
        try {
            return admin.queryMessage(TOPIC, key, 64, begin, end).getMessageList().size();
        } catch (Exception e) {
            return 0; // the client throws when no broker found one
        }
    }

    private static RemotingCommand query(String topic, String key, int maxNum, long begin, long end) {
        RemotingCommand r = RemotingCommand.request(RequestCode.QUERY_MESSAGE).putExt("topic", topic)
                .putExt("maxNum", maxNum).putExt("beginTimestamp", begin).putExt("endTimestamp", end);
        return key == null ? r : r.putExt("key", key);
    }

    private static void assertRefused(RemotingCommand r, int code, String remark) {
        assertEquals(code, r.getCode(), r.getRemark());
        assertTrue(r.getRemark() != null && r.getRemark().contains(remark), r.getRemark());
    }
}

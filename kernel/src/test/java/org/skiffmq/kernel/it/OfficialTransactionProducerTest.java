package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RequestCode;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.config.SkiffConfig;
import org.skiffmq.kernel.config.TransactionSection;

/**
 * The official TransactionMQProducer, unchanged: half messages stay invisible until committed,
 * rollbacks are never delivered, open transactions are checked back (also after the producer or
 * the broker restarted), and bad END_TRANSACTION requests change nothing.
 */
class OfficialTransactionProducerTest {
    private static final String TOPIC = "TxTopic";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    @TempDir
    Path dir;

    /** Checks every 200 ms, half messages due after 500 ms: check-back within a test's patience. */
    private SkiffConfig fastChecks(int maxChecks) {
        return TestBroker.config(dir, "async").transactions(new TransactionSection(true, 500L, 200L, maxChecks));
    }

    private static TransactionMQProducer producer(SkiffServer server, String group,
            Function<Message, LocalTransactionState> local, Function<MessageExt, LocalTransactionState> check)
            throws MQClientException {
        TransactionMQProducer producer = new TransactionMQProducer(group);
        producer.setNamesrvAddr(server.nameServerAddress());
        producer.setInstanceName("skiff-tx-" + INSTANCES.incrementAndGet());
        producer.setSendMsgTimeout(5000);
        // A broker asks a producer it knows from heartbeats; a new producer sends its first soon.
        producer.setHeartbeatBrokerInterval(500);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return local.apply(msg);
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return check.apply(msg);
            }
        });
        producer.start();
        return producer;
    }

    private static Message message(String key) {
        Message m = new Message(TOPIC, "TagTx", key, ("body of " + key).getBytes(StandardCharsets.UTF_8));
        return m;
    }

    /**
     * A producer heartbeats only to brokers it has routes to, and a broker asks only producers it
     * has heard from: a new producer of the group makes a send of its own first, as it would.
     */
    private static void learnTheBroker(TransactionMQProducer producer) throws Exception {
        assertEquals(SendStatus.SEND_OK, producer.send(new Message("TxWarmUp", "warm-up".getBytes(
                StandardCharsets.UTF_8))).getSendStatus());
    }

    /** The messages of the real topic, as consumers read them. */
    private static List<StoredMessage> delivered(MessageStore store, String topic) {
        List<StoredMessage> out = new ArrayList<>();
        for (int q : store.queueIds(topic)) {
            long at = store.minQueueOffset(topic, q);
            while (at < store.maxQueueOffset(topic, q)) {
                GetResult got = store.getMessages(topic, q, at, 64, 4 << 20, MessageFilter.ALL);
                for (ByteBuffer b : got.messages()) {
                    out.add(StoredMessageCodec.decode(b.duplicate(), true));
                }
                at = got.nextBeginOffset();
            }
        }
        return out;
    }

    private static List<String> keys(MessageStore store, String topic) {
        return delivered(store, topic).stream().map(StoredMessage::getKeys).toList();
    }

    @Test
    void aCommitIsDeliveredOnceWithTheTransactionFlagsAndARollbackNever() throws Exception {
        try (SkiffServer server = SkiffServer.start(fastChecks(15), dir)) {
            TransactionMQProducer producer = producer(server, "PG_TX", m -> m.getKeys().startsWith("commit")
                    ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE,
                    m -> LocalTransactionState.UNKNOW);
            try {
                SendResult committed = producer.sendMessageInTransaction(message("commit-1"), null);
                SendResult rolledBack = producer.sendMessageInTransaction(message("rollback-1"), null);
                assertEquals(SendStatus.SEND_OK, committed.getSendStatus());
                assertEquals(SendStatus.SEND_OK, rolledBack.getSendStatus());
                MessageStore store = server.broker().store();
                assertTrue(Received.await(10, () -> keys(store, TOPIC).contains("commit-1")));
                Thread.sleep(1500); // several check passes: nothing more may appear
                assertEquals(List.of("commit-1"), keys(store, TOPIC));
                StoredMessage m = delivered(store, TOPIC).get(0);
                assertEquals(MessageSysFlag.TRANSACTION_COMMIT, MessageSysFlag.transactionType(m.getSysFlag()));
                assertEquals("PG_TX", m.getProperty("PGROUP"));
                assertEquals(null, m.getProperty("TRAN_MSG"), "a committed message is no longer prepared");
                assertEquals(null, m.getProperty("REAL_TOPIC"));
                assertEquals(committed.getMsgId(), m.getUniqKey());
                assertEquals(committed.getMessageQueue().getQueueId(), m.getQueueId());
                assertEquals(2, delivered(store, "RMQ_SYS_TRANS_HALF_TOPIC").size(), "both half messages, once each");
                assertEquals(2, delivered(store, "RMQ_SYS_TRANS_OP_HALF_TOPIC").size(), "an outcome for each");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void anUnknownOutcomeIsCheckedBackAndSettledByTheProducersAnswer() throws Exception {
        try (SkiffServer server = SkiffServer.start(fastChecks(15), dir)) {
            AtomicInteger checks = new AtomicInteger();
            TransactionMQProducer producer = producer(server, "PG_CHECK", m -> LocalTransactionState.UNKNOW, m -> {
                checks.incrementAndGet();
                return m.getKeys().startsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;
            });
            try {
                producer.sendMessageInTransaction(message("commit-after-check"), null);
                producer.sendMessageInTransaction(message("rollback-after-check"), null);
                MessageStore store = server.broker().store();
                assertEquals(List.of(), keys(store, TOPIC), "nothing before the check");
                assertTrue(Received.await(15, () -> keys(store, TOPIC).contains("commit-after-check")),
                        "checked and committed");
                assertTrue(Received.await(15, () -> checks.get() >= 2));
                Thread.sleep(1500);
                assertEquals(List.of("commit-after-check"), keys(store, TOPIC));
                assertEquals(2, checks.get(), "each is checked once: the answers settled them");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void aProducerGoneAfterTheHalfSendIsAnsweredForByAnotherOfItsGroup() throws Exception {
        try (SkiffServer server = SkiffServer.start(fastChecks(15), dir)) {
            TransactionMQProducer first = producer(server, "PG_GONE", m -> LocalTransactionState.UNKNOW,
                    m -> LocalTransactionState.UNKNOW);
            first.sendMessageInTransaction(message("left-open"), null);
            first.shutdown();
            TransactionMQProducer second = producer(server, "PG_GONE", m -> LocalTransactionState.UNKNOW,
                    m -> LocalTransactionState.COMMIT_MESSAGE);
            try {
                learnTheBroker(second);
                MessageStore store = server.broker().store();
                assertTrue(Received.await(20, () -> keys(store, TOPIC).contains("left-open")));
                Thread.sleep(1000);
                assertEquals(List.of("left-open"), keys(store, TOPIC));
            } finally {
                second.shutdown();
            }
        }
    }

    @Test
    void aHalfMessageOutlivesABrokerRestartAndIsStillSettled() throws Exception {
        try (SkiffServer server = SkiffServer.start(fastChecks(15), dir)) {
            TransactionMQProducer producer = producer(server, "PG_RESTART", m -> m.getKeys().startsWith("open")
                    ? LocalTransactionState.UNKNOW : LocalTransactionState.COMMIT_MESSAGE,
                    m -> LocalTransactionState.UNKNOW);
            producer.sendMessageInTransaction(message("ended-before"), null);
            producer.sendMessageInTransaction(message("open-across-restart"), null);
            assertTrue(Received.await(10, () -> keys(server.broker().store(), TOPIC).contains("ended-before")));
            producer.shutdown();
        }
        try (SkiffServer restarted = SkiffServer.start(fastChecks(15), dir)) {
            TransactionMQProducer producer = producer(restarted, "PG_RESTART", m -> LocalTransactionState.UNKNOW,
                    m -> LocalTransactionState.COMMIT_MESSAGE);
            try {
                learnTheBroker(producer);
                MessageStore store = restarted.broker().store();
                assertTrue(Received.await(20, () -> keys(store, TOPIC).contains("open-across-restart")));
                Thread.sleep(1000);
                assertEquals(List.of("ended-before", "open-across-restart"), keys(store, TOPIC).stream().sorted()
                        .toList(), "the one ended before the restart is not delivered again");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void aTransactionCheckedTheMostTimesIsSetAsideAndNeverDelivered() throws Exception {
        try (SkiffServer server = SkiffServer.start(fastChecks(2), dir)) {
            AtomicInteger checks = new AtomicInteger();
            TransactionMQProducer producer = producer(server, "PG_UNDECIDED", m -> LocalTransactionState.UNKNOW, m -> {
                checks.incrementAndGet();
                return LocalTransactionState.UNKNOW;
            });
            try {
                producer.sendMessageInTransaction(message("undecided"), null);
                MessageStore store = server.broker().store();
                assertTrue(Received.await(20, () -> keys(store, "TRANS_CHECK_MAX_TIME_TOPIC").contains("undecided")));
                int asked = checks.get();
                Thread.sleep(1000);
                assertEquals(List.of(), keys(store, TOPIC));
                assertEquals(2, asked, "checked maxChecks times");
                assertEquals(asked, checks.get(), "and not again once set aside");
            } finally {
                producer.shutdown();
            }
        }
    }

    /**
     * Hand-made END_TRANSACTION requests (two-way, to read the answer): each mistake is named and
     * changes nothing; the right one commits once, and a second END changes nothing.
     */
    @Test
    void badEndTransactionRequestsAreRefusedByNameAndChangeNothing() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            TransactionMQProducer producer = producer(server, "PG_RAW_END", m -> LocalTransactionState.UNKNOW,
                    m -> LocalTransactionState.UNKNOW);
            try (RemotingTestClient raw = new RemotingTestClient(server.brokerAddress())) {
                SendResult half = producer.sendMessageInTransaction(message("raw-end"), null);
                MessageStore store = server.broker().store();
                // The transactional send result carries no offset id: the half message itself says where it is.
                StoredMessage stored = delivered(store, "RMQ_SYS_TRANS_HALF_TOPIC").get(0);
                long commitLogOffset = stored.getPhysicalOffset();
                long queueOffset = half.getQueueOffset();
                assertEquals(stored.getQueueOffset(), queueOffset, "the answer carries the half queue offset");

                assertRefused(raw.call(end("PG_OTHER", queueOffset, commitLogOffset, 8, half.getMsgId())),
                        "producer group");
                assertRefused(raw.call(end("PG_RAW_END", queueOffset + 7, commitLogOffset, 8, half.getMsgId())),
                        "tranStateTableOffset");
                assertRefused(raw.call(end("PG_RAW_END", queueOffset, commitLogOffset + 1, 8, half.getMsgId())),
                        "commit-log offset");
                assertRefused(raw.call(end("PG_RAW_END", queueOffset, commitLogOffset, 5, half.getMsgId())),
                        "commitOrRollback 5");
                RemotingCommand missing = end("PG_RAW_END", queueOffset, commitLogOffset, 8, half.getMsgId());
                missing.getExtFields().remove("commitLogOffset");
                RemotingCommand answer = raw.call(missing);
                assertTrue(answer.getCode() != ResponseCode.SUCCESS && answer.getRemark().contains("commitLogOffset"),
                        answer.getCode() + " " + answer.getRemark());
                assertEquals(List.of(), keys(store, TOPIC), "nothing changed");

                assertEquals(ResponseCode.SUCCESS, raw.call(end("PG_RAW_END", queueOffset, commitLogOffset, 8,
                        half.getMsgId())).getCode());
                RemotingCommand again = raw.call(end("PG_RAW_END", queueOffset, commitLogOffset, 8, half.getMsgId()));
                assertEquals(ResponseCode.SUCCESS, again.getCode());
                assertTrue(again.getRemark().contains("already ended"), again.getRemark());
                raw.call(end("PG_RAW_END", queueOffset, commitLogOffset, 12, half.getMsgId()));
                assertEquals(List.of("raw-end"), keys(store, TOPIC), "committed once; the later END changed nothing");
            } finally {
                producer.shutdown();
            }
        }
    }

    private static RemotingCommand end(String group, long queueOffset, long commitLogOffset, int type, String msgId) {
        return RemotingCommand.request(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", group)
                .putExt("tranStateTableOffset", queueOffset)
                .putExt("commitLogOffset", commitLogOffset)
                .putExt("commitOrRollback", type)
                .putExt("fromTransactionCheck", "false")
                .putExt("msgId", msgId);
    }

    private static void assertRefused(RemotingCommand answer, String naming) {
        assertEquals(ResponseCode.SYSTEM_ERROR, answer.getCode(), answer.getRemark());
        assertTrue(answer.getRemark().contains(naming), answer.getRemark());
    }

    /** With transactions turned off, a transactional send is refused and nothing is stored. */
    @Test
    void turnedOffATransactionalSendIsRefusedWithARemarkAndNothingIsStored() throws Exception {
        SkiffConfig off = TestBroker.config(dir, "async").transactions(new TransactionSection(false, null, null, null));
        try (SkiffServer server = SkiffServer.start(off, dir)) {
            AtomicInteger localTransactions = new AtomicInteger();
            TransactionMQProducer producer = producer(server, "PG_OFF", m -> {
                localTransactions.incrementAndGet();
                return LocalTransactionState.COMMIT_MESSAGE;
            }, m -> LocalTransactionState.ROLLBACK_MESSAGE);
            try {
                MQClientException e = assertThrows(MQClientException.class, () -> producer.sendMessageInTransaction(
                        message("half"), null));
                Throwable cause = e;
                while (cause != null && !(cause instanceof MQBrokerException)) {
                    cause = cause.getCause(); // the client retried, then gave up: the broker's answer is inside
                }
                assertTrue(cause instanceof MQBrokerException, String.valueOf(e));
                assertEquals(ResponseCode.NO_PERMISSION, ((MQBrokerException) cause).getResponseCode());
                assertTrue(cause.getMessage().contains("transactions.enabled: false"), cause.getMessage());
                assertEquals(0, localTransactions.get(), "no local transaction runs for a refused half message");
                assertEquals(List.of(), keys(server.broker().store(), TOPIC));
                assertFalse(server.broker().store().queueIds("RMQ_SYS_TRANS_HALF_TOPIC").iterator().hasNext());
            } finally {
                producer.shutdown();
            }
        }
    }
}

package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.kernel.SkiffServer;

/** The official TransactionMQProducer, unchanged, against a broker that does not take half messages yet. */
class OfficialTransactionProducerTest {
    @TempDir
    Path dir;

    /**
     * A transactional message stored as a normal one would be delivered before its transaction
     * ended, and a rollback could not take it back: it is refused, and nothing is stored.
     */
    @Test
    void aTransactionalSendIsRefusedWithARemarkAndNothingIsStored() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            DefaultMQProducer plain = OfficialClient.producer(server.nameServerAddress(), "PG_PLAIN");
            TransactionMQProducer producer = new TransactionMQProducer("PG_TX");
            AtomicInteger localTransactions = new AtomicInteger();
            producer.setNamesrvAddr(server.nameServerAddress());
            producer.setInstanceName("skiff-tx-test");
            producer.setSendMsgTimeout(5000);
            producer.setTransactionListener(new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                    localTransactions.incrementAndGet();
                    return LocalTransactionState.COMMIT_MESSAGE;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                    return LocalTransactionState.ROLLBACK_MESSAGE;
                }
            });
            producer.start();
            try {
                assertEquals(SendStatus.SEND_OK, plain.send(new Message("TxTopic", "plain".getBytes(
                        StandardCharsets.UTF_8))).getSendStatus(), "the topic exists and takes normal sends");
                MQClientException e = assertThrows(MQClientException.class, () -> producer.sendMessageInTransaction(
                        new Message("TxTopic", "half".getBytes(StandardCharsets.UTF_8)), null));
                Throwable cause = e;
                while (cause != null && !(cause instanceof MQBrokerException)) {
                    cause = cause.getCause(); // the client retried, then gave up: the broker's answer is inside
                }
                assertTrue(cause instanceof MQBrokerException, String.valueOf(cause));
                assertEquals(ResponseCode.NO_PERMISSION, ((MQBrokerException) cause).getResponseCode());
                assertTrue(cause.getMessage().contains("transactional messages"), cause.getMessage());
                assertEquals(0, localTransactions.get(), "no local transaction runs for a refused half message");
                long stored = 0;
                for (int q : server.broker().store().queueIds("TxTopic")) {
                    stored += server.broker().store().maxQueueOffset("TxTopic", q);
                }
                assertEquals(1, stored, "only the normal message is stored");
                assertFalse(server.broker().store().queueIds("RMQ_SYS_TRANS_HALF_TOPIC").iterator().hasNext());
            } finally {
                producer.shutdown();
                plain.shutdown();
            }
        }
    }
}

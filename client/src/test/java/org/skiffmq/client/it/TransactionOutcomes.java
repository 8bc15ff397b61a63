package org.skiffmq.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.client.consumer.ConsumeConcurrentlyStatus;
import org.skiffmq.client.consumer.ConsumeFromWhere;
import org.skiffmq.client.consumer.PushConsumer;
import org.skiffmq.client.producer.Producer;
import org.skiffmq.client.producer.SendStatus;
import org.skiffmq.client.producer.TransactionListener;
import org.skiffmq.client.producer.TransactionProducer;
import org.skiffmq.client.producer.TransactionSendResult;
import org.skiffmq.client.producer.TransactionState;

/**
 * One transactional run of SkiffMQ's producer, the same against SkiffMQ and against Apache
 * RocketMQ: a commit, a rollback, and two whose local transaction does not know, settled by the
 * broker's check (one commit, one rollback). A consumer then gets exactly the two committed.
 */
public final class TransactionOutcomes {

    private TransactionOutcomes() {
    }

    /** Runs it against the brokers behind {@code nameServer}; {@code settleSeconds} bounds the wait for checks. */
    public static void run(String nameServer, String topic, int settleSeconds) throws Exception {
        Map<String, Integer> checks = new ConcurrentHashMap<>();
        TransactionListener listener = new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                return switch (message.getKeys()) {
                    case "commit" -> TransactionState.COMMIT;
                    case "rollback" -> TransactionState.ROLLBACK;
                    case "throws" -> throw new IllegalStateException("the local transaction failed");
                    default -> TransactionState.UNKNOWN;
                };
            }

            @Override
            public TransactionState check(StoredMessage message) {
                checks.merge(message.getKeys(), 1, Integer::sum);
                return message.getKeys().equals("unknown-then-commit") ? TransactionState.COMMIT
                        : TransactionState.ROLLBACK;
            }
        };
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        try (TransactionProducer producer = Producer.builder("PG_SKIFF_TX").nameServer(nameServer)
                .instanceName("skiff-tx-" + topic).heartbeatInterval(Duration.ofMillis(500))
                .buildTransactional(listener)) {
            producer.start();
            for (String key : List.of("commit", "rollback", "unknown-then-commit", "unknown-then-rollback", "throws")) {
                TransactionSendResult r = producer.sendInTransaction(new Message(topic, "TagTx", key,
                        ("body of " + key).getBytes(StandardCharsets.UTF_8)), null);
                assertEquals(SendStatus.SEND_OK, r.sendResult().sendStatus(), key);
                assertEquals(key.equals("commit") ? TransactionState.COMMIT : key.equals("rollback")
                        ? TransactionState.ROLLBACK : TransactionState.UNKNOWN, r.localState(), key);
            }
            PushConsumer consumer = PushConsumer.builder("CG_SKIFF_TX_" + topic).nameServer(nameServer)
                    .subscribe(topic, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                    .rebalanceInterval(Duration.ofSeconds(2))
                    .listener((messages, context) -> {
                        messages.forEach(m -> delivered.add(m.getKeys()));
                        deliveries.addAndGet(messages.size());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    }).build();
            consumer.start();
            try {
                assertTrue(Waits.until(() -> delivered.containsAll(List.of("commit", "unknown-then-commit"))
                        && checks.containsKey("unknown-then-rollback") && checks.containsKey("throws"),
                        settleSeconds * 1000L), "delivered " + delivered + ", checked " + checks);
                Thread.sleep(2000);
                assertEquals(Set.of("commit", "unknown-then-commit"), delivered);
                assertEquals(2, deliveries.get(), "each committed message once");
            } finally {
                consumer.shutdown();
            }
        }
    }
}

package org.skiffmq.client.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.skiffmq.client.consumer.ConsumeFromWhere;
import org.skiffmq.client.consumer.PushConsumerBuilder;
import org.skiffmq.client.consumer.PushConsumer;

/** Push consumers for tests: from the first offset, with rebalance and commit intervals short enough to watch. */
final class Consumers {

    private Consumers() {
    }

    static PushConsumerBuilder builder(String nameServer, String group, String topic, String expression) {
        return PushConsumer.builder(group)
                .nameServer(nameServer)
                .subscribe(topic, expression)
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .rebalanceInterval(Duration.ofSeconds(2))
                .offsetCommitInterval(Duration.ofMillis(500));
    }

    /** Polls up to {@code seconds} for {@code condition}. */
    static boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
        return Waits.until(condition, seconds * 1000L);
    }
}

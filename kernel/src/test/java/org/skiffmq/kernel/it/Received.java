package org.skiffmq.kernel.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.common.message.MessageExt;

/** What a consumer under test received, by message id, with how often each arrived. */
final class Received {
    final Map<String, MessageExt> byId = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();

    void add(List<MessageExt> messages) {
        for (MessageExt m : messages) {
            byId.putIfAbsent(m.getMsgId(), m);
            arrivedAt.putIfAbsent(m.getMsgId(), System.currentTimeMillis());
            counts.computeIfAbsent(m.getMsgId(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    int distinct() {
        return byId.size();
    }

    int duplicates() {
        return counts.values().stream().mapToInt(c -> c.get() - 1).sum();
    }

    /** Waits up to {@code seconds} for a condition; returns whether it held. */
    static boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}

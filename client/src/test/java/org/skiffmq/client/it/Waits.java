package org.skiffmq.client.it;

import java.util.function.BooleanSupplier;

/** Polls for something that happens asynchronously (threads ending, sockets closing), up to a limit. */
final class Waits {

    private Waits() {
    }

    static boolean until(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}

package org.skiffmq.transport.netty;

import java.util.List;

/** The live threads a transport named, for checking that shutdown released them. */
public final class Threads {

    private Threads() {
    }

    /** Threads whose name starts with {@code prefix}, after giving each a moment to end. */
    public static List<Thread> aliveNamed(String prefix) throws InterruptedException {
        List<Thread> named = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix)).toList();
        for (Thread thread : named) {
            thread.join(5_000);
        }
        return named.stream().filter(Thread::isAlive).toList();
    }
}

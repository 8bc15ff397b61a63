package org.skiffmq.client.internal.instance;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the client's threads {@code skiff-client-<instance>-<role>-N}, daemons, so a dump shows whose they are. */
public final class ClientThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    public ClientThreads(String instanceName, String role) {
        this.prefix = "skiff-client-" + instanceName + "-" + role + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}

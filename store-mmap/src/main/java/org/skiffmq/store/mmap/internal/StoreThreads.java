package org.skiffmq.store.mmap.internal;

import java.util.concurrent.ThreadFactory;

/** Names the store's background threads ({@code skiff-store-<role>}) and makes them daemons. */
final class StoreThreads {
    private StoreThreads() {
    }

    static ThreadFactory named(String role) {
        return r -> {
            Thread t = new Thread(r, "skiff-store-" + role);
            t.setDaemon(true);
            return t;
        };
    }
}

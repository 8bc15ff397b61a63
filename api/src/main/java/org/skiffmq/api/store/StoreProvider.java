package org.skiffmq.api.store;

import java.time.Clock;

/** Makes message stores. Found by {@link #name()} (e.g. {@code mmap}) through ServiceLoader or a plugin. */
public interface StoreProvider {

    /** The stable name configuration uses to pick this store. */
    String name();

    /**
     * A store that has not opened anything yet: {@link MessageStore#start()} does that.
     *
     * @param clock the source of store timestamps (injected so tests control time)
     */
    MessageStore create(StoreConfig config, Clock clock);
}

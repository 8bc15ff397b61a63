package org.skiffmq.api.store;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Makes message stores. Found by {@link #name()} (e.g. {@code mmap}) through ServiceLoader or a
 * plugin. The store owns its settings: every key of the broker's {@code store:} section but
 * {@code engine} binds to {@link #settingsType()}, a record whose compact constructor checks them
 * (as {@link org.skiffmq.api.settings.Configurable} plugins do), before any file or port is opened.
 *
 * @param <S> the store's settings record
 */
public interface StoreProvider<S extends Record & StoreSettings> {

    /** The stable name configuration uses to pick this store. */
    String name();

    /** The record the {@code store:} section (less {@code engine}) binds to. */
    Class<S> settingsType();

    /**
     * Refuses a folder this store cannot use, reading it only (one another engine wrote, say).
     * Called before the broker opens any file or binds any port.
     *
     * @param directory {@link StoreSettings#dir()} resolved against the broker's home
     * @throws IllegalArgumentException naming the key at fault and what to do
     */
    default void checkDirectory(S settings, Path directory) {
    }

    /**
     * A store that has not opened anything yet: {@link MessageStore#start()} does that.
     *
     * @param settings  the bound and checked settings
     * @param directory {@link StoreSettings#dir()} resolved against the broker's home
     * @param clock     the source of store timestamps (injected so tests control time)
     */
    MessageStore create(S settings, Path directory, Clock clock);
}

package org.skiffmq.api.store;

/**
 * What the broker needs to know of any store's settings. A store's settings record (its
 * {@link StoreProvider#settingsType()}) implements this; every other key of the {@code store:}
 * section is the store's own business.
 */
public interface StoreSettings {

    /**
     * The folder the store keeps its files in, relative to the broker's home unless absolute. The
     * broker keeps its topic, offset and schedule files in a {@code config} folder inside it.
     */
    String dir();

    /** The largest message body the store takes, in bytes; the broker refuses a larger send itself. */
    int maxBodyBytes();

    /** A few words a person starting the broker reads beside the folder, such as {@code flush: sync}. */
    default String summary() {
        return "";
    }
}

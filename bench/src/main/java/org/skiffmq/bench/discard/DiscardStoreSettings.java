package org.skiffmq.bench.discard;

import org.skiffmq.api.settings.SizeSetting;
import org.skiffmq.api.store.StoreSettings;

/**
 * The {@code store:} section of a broker using {@code engine: discard}.
 *
 * @param dir            where the broker keeps its topic and offset files (default {@code ./data})
 * @param maxMessageSize largest body accepted (default 4m)
 */
public record DiscardStoreSettings(String dir, String maxMessageSize) implements StoreSettings {

    public DiscardStoreSettings {
        dir = dir == null ? "./data" : dir;
        maxMessageSize = maxMessageSize == null ? "4m" : maxMessageSize;
        SizeSetting.parseInt(maxMessageSize, "store.maxMessageSize", 0);
    }

    @Override
    public int maxBodyBytes() {
        return SizeSetting.parseInt(maxMessageSize, "store.maxMessageSize", 0);
    }
}

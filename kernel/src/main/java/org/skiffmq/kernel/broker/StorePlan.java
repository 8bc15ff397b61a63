package org.skiffmq.kernel.broker;

import java.nio.file.Path;
import java.time.Clock;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.api.store.StoreProvider;
import org.skiffmq.api.store.StoreSettings;
import org.skiffmq.kernel.config.ConfigException;
import org.skiffmq.kernel.config.StoreSection;
import org.skiffmq.kernel.plugin.PluginSettings;

/**
 * The store a configuration names, with its settings bound and checked by the store's own record
 * and its folder resolved; {@link #create} makes the store without touching configuration again.
 *
 * @param <S> the store's settings record
 */
public record StorePlan<S extends Record & StoreSettings>(StoreProvider<S> provider, S settings, Path directory) {

    /** Binds {@code section}'s settings to {@code provider}'s record; touches no file. */
    public static StorePlan<?> of(StoreProvider<?> provider, StoreSection section, Path baseDir)
            throws ConfigException {
        return bound(provider, section, baseDir);
    }

    private static <S extends Record & StoreSettings> StorePlan<S> bound(StoreProvider<S> provider,
            StoreSection section, Path baseDir) throws ConfigException {
        S settings = PluginSettings.bindStoreSettings(section.engine(), section.settings(), provider.settingsType());
        Path directory = baseDir.resolve(settings.dir()).normalize();
        try {
            provider.checkDirectory(settings, directory);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("store (engine " + section.engine() + "): " + e.getMessage(), e);
        }
        return new StorePlan<>(provider, settings, directory);
    }

    /** A store not yet started. */
    public MessageStore create(Clock clock) {
        return provider.create(settings, directory, clock);
    }

    /** Where the broker keeps its topic, offset and schedule files: {@code config} in the store's folder. */
    public Path configDirectory() {
        return directory.resolve("config");
    }
}

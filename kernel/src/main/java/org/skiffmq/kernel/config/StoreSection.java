package org.skiffmq.kernel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code store:} which store engine keeps messages, and that engine's own settings. The kernel
 * reads only {@code engine}; every other key belongs to the store, whose provider binds and checks
 * them ({@link org.skiffmq.api.store.StoreProvider#settingsType()}).
 *
 * @param engine   store extension name (default {@code mmap})
 * @param settings the section less {@code engine}, as parsed (maps, lists, scalars)
 */
public record StoreSection(String engine, Map<String, Object> settings) {
    public static final String DEFAULT_ENGINE = "mmap";

    public StoreSection {
        engine = engine == null ? DEFAULT_ENGINE : engine;
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Binds the section as written: {@code engine} and the store's keys side by side. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static StoreSection fromMap(Map<String, Object> section) {
        Map<String, Object> settings = new LinkedHashMap<>(section == null ? Map.of() : section);
        Object engine = settings.remove("engine");
        if (engine != null && !(engine instanceof String)) {
            throw new IllegalArgumentException("store.engine must be the name of a store, such as mmap; was " + engine);
        }
        return new StoreSection((String) engine, settings);
    }

    /** The section as written in broker.yaml: {@code engine} and the store's keys side by side. */
    @com.fasterxml.jackson.annotation.JsonValue
    Map<String, Object> asWritten() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("engine", engine);
        written.putAll(settings);
        return written;
    }

    public static StoreSection defaults() {
        return new StoreSection(null, null);
    }

    /** A section for {@code engine} with {@code settings} (the store's keys). */
    public static StoreSection of(String engine, Map<String, Object> settings) {
        return new StoreSection(engine, settings);
    }
}

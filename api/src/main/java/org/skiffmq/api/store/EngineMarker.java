package org.skiffmq.api.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file {@code ENGINE} in a store's folder, naming the engine that wrote it, so that a broker
 * pointed at another engine's folder refuses to start instead of misreading it.
 */
public final class EngineMarker {
    /** The marker's file name. */
    public static final String FILE = "ENGINE";

    private EngineMarker() {
    }

    /** The engine named in {@code directory}, or null when the folder or the marker does not exist. */
    public static String read(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("store.dir: cannot read " + file + " (" + e.getMessage()
                    + "); make it readable or remove it");
        }
    }

    /** Writes {@code engine} into {@code directory}'s marker unless a marker is there already. */
    public static void writeIfAbsent(Path directory, String engine) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(directory);
            Files.writeString(file, engine + "\n", StandardCharsets.UTF_8);
        }
    }

    /**
     * Refuses {@code directory} when its marker names another engine than {@code engine}.
     *
     * @throws IllegalArgumentException naming store.dir, the engine found and what to do
     */
    public static void requireOwn(Path directory, String engine) {
        String found = read(directory);
        if (found != null && !found.equals(engine)) {
            throw new IllegalArgumentException("store.dir " + directory + " holds a '" + found + "' store, not a '"
                    + engine + "' one; set store.engine: " + found + ", or point store.dir at another folder");
        }
    }
}

package org.skiffmq.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** The shared protocol vectors (folder from the {@code skiff.vectors} system property the parent pom sets). */
public final class Vectors {

    private Vectors() {
    }

    public static byte[] raw(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String name) {
        return HexFormat.of().parseHex(new String(raw(name), StandardCharsets.US_ASCII).strip());
    }

    private static Path dir() {
        return Path.of(System.getProperty("skiff.vectors", "../api/src/test/resources/vectors"));
    }
}

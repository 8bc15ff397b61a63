package org.skiffmq.transport.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The shared byte vectors (folder from the {@code skiff.vectors} system property). */
public final class Vectors {
    /** Vectors that are stored-message or queue records, not Remoting frames. */
    private static final List<String> NOT_FRAMES = List.of("stored-message", "consume-queue", "consumequeue",
            "batch-body", "commitlog-first-message");

    private Vectors() {
    }

    public static Path dir() {
        String dir = System.getProperty("skiff.vectors");
        if (dir == null) {
            throw new IllegalStateException("system property skiff.vectors is not set (the parent pom sets it)");
        }
        return Path.of(dir);
    }

    /** The bytes of a {@code .hex} vector, e.g. {@code "send-v2-json.hex"} or {@code "captured/x.hex"}. */
    public static byte[] hex(String name) {
        try {
            return HexFormat.of().parseHex(Files.readString(dir().resolve(name), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] raw(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names (relative to the folder) of every frame vector, synthetic and captured. */
    public static List<String> frameNames() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(p -> p.toString().endsWith(".hex"))
                    .map(p -> dir().relativize(p).toString().replace('\\', '/'))
                    .filter(name -> NOT_FRAMES.stream().noneMatch(name::contains))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serialize-type byte of a frame vector. */
    public static int serializeType(byte[] frame) {
        return frame[4] & 0xFF;
    }
}

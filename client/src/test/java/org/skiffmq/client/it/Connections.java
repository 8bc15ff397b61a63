package org.skiffmq.client.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Counts a server's established TCP connections from the kernel's table ({@code /proc/net/tcp}
 * and {@code tcp6}), which shows the broker's side of each connection without asking the broker.
 */
final class Connections {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";

    private Connections() {
    }

    static boolean observable() {
        return Files.isReadable(TABLES.get(0));
    }

    /** Established connections whose local end is {@code port} (the server's ends). */
    static long establishedTo(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        long count = 0;
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && cols[1].endsWith(hexPort) && cols[3].equals(ESTABLISHED)) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}

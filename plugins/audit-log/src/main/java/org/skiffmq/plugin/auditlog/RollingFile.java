package org.skiffmq.plugin.auditlog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The audit file and its rolled predecessors: {@code audit.log} is written; when a line would take
 * it past {@code maxBytes} it becomes {@code audit.log.1}, the older ones move up by one, and
 * {@code audit.log.<filesKept+1>} is deleted. So {@code .1} is always the newest rolled file.
 * Opened on the first line (appending to what is there). Not thread-safe: the writer thread
 * alone uses it.
 */
final class RollingFile implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int filesKept;
    private BufferedWriter out;
    private long size;

    RollingFile(Path file, long maxBytes, int filesKept) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.filesKept = filesKept;
    }

    void write(String line) throws IOException {
        long bytes = line.getBytes(StandardCharsets.UTF_8).length + 1L;
        if (out == null) {
            open();
        }
        if (size > 0 && size + bytes > maxBytes) {
            roll();
        }
        out.write(line);
        out.write('\n');
        size += bytes;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Closes the file; the next line opens it again (used after a write failed). */
    @Override
    public void close() throws IOException {
        if (out != null) {
            BufferedWriter closing = out;
            out = null;
            closing.close();
        }
    }

    private void open() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void roll() throws IOException {
        close();
        Files.deleteIfExists(rolled(filesKept));
        for (int i = filesKept - 1; i >= 1; i--) {
            if (Files.exists(rolled(i))) {
                Files.move(rolled(i), rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rolled(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rolled(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}

package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code FORMAT} in a store's folder, saying that every record of its commit log ends
 * with a record CRC. Recovery then takes a record without one for torn (a crash cut it inside its
 * properties, after a BODYCRC that still matches). A folder whose commit log predates the marker
 * keeps body-CRC checks only: its old records carry no record CRC to require.
 */
final class RecordFormat {
    static final String FILE = "FORMAT";
    private static final String CONTENT = "records: crc32\n";
    private static final Logger LOG = LoggerFactory.getLogger(RecordFormat.class);

    private RecordFormat() {
    }

    /**
     * Whether recovery must require a record CRC on every record in {@code dir}. Writes the marker
     * (forced, its name synced) when the commit log is still empty, before any commit-log file
     * exists, so the marker survives whenever a record does.
     */
    static boolean requireRecordCrc(FileOps ops, Path dir, boolean commitLogEmpty) throws IOException {
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            String found = Files.readString(file, StandardCharsets.UTF_8);
            if (!found.equals(CONTENT)) {
                throw new IOException(file + " says '" + found.trim() + "', which this version does not know; "
                        + "run the SkiffMQ version that wrote this store");
            }
            return true;
        }
        if (!commitLogEmpty) {
            LOG.warn("{} has no {} file: its records predate record CRCs, so recovery checks body CRCs only", dir, FILE);
            return false;
        }
        ops.writeForced(file, CONTENT.getBytes(StandardCharsets.UTF_8));
        ops.syncDirectory(dir);
        return true;
    }
}

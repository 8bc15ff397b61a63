package org.skiffmq.store.raft.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a raft snapshot holds, as text: the end of every queue the applied entries wrote (the
 * local store, flushed before the file is written, holds at least that much), and the latest of
 * each metadata document.
 *
 * <pre>
 *   skiffmq raft snapshot v1
 *   queue  TopicA  0  1042
 *   doc    topics  eyJ...        (base64)
 * </pre>
 *
 * @param queueEnds {@link QueueEnds} keys to the next queue offset
 * @param documents metadata documents by name
 */
record SnapshotFile(Map<String, Long> queueEnds, Map<String, byte[]> documents) {
    private static final String HEADER = "skiffmq raft snapshot v1";

    void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Map.Entry<String, Long> e : queueEnds.entrySet()) {
                out.write("queue\t" + e.getKey() + "\t" + e.getValue() + "\n");
            }
            for (Map.Entry<String, byte[]> e : documents.entrySet()) {
                out.write("doc\t" + e.getKey() + "\t" + Base64.getEncoder().encodeToString(e.getValue()) + "\n");
            }
        }
    }

    static SnapshotFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a SkiffMQ raft snapshot (no '" + HEADER + "' header)");
        }
        Map<String, Long> ends = new HashMap<>();
        Map<String, byte[]> docs = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            try {
                if (f[0].equals("queue") && f.length == 4) {
                    ends.put(QueueEnds.key(f[1], Integer.parseInt(f[2])), Long.parseLong(f[3]));
                } else if (f[0].equals("doc") && f.length == 3) {
                    docs.put(f[1], Base64.getDecoder().decode(f[2]));
                } else {
                    throw new IllegalArgumentException("unknown line");
                }
            } catch (RuntimeException e) {
                throw new IOException(file + ": unreadable line '" + line + "' (" + e.getMessage() + ")", e);
            }
        }
        return new SnapshotFile(ends, docs);
    }
}

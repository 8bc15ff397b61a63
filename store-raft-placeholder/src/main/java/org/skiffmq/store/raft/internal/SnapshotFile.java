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
 * local store, flushed before the file is written, holds at least that much), where the local
 * commit log ended then (a member copying this one's store copies up to there), and the latest of
 * each metadata document.
 *
 * <pre>
 *   skiffmq raft snapshot v1
 *   log    1073741824
 *   queue  TopicA  0  1042
 *   doc    topics  eyJ...        (base64)
 * </pre>
 *
 * @param queueEnds    {@link QueueEnds} keys to the next queue offset
 * @param documents    metadata documents by name
 * @param commitLogEnd the local commit log's end when the snapshot was taken; -1 when not recorded
 */
record SnapshotFile(Map<String, Long> queueEnds, Map<String, byte[]> documents, long commitLogEnd) {
    private static final String HEADER = "skiffmq raft snapshot v1";

    void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            if (commitLogEnd >= 0) {
                out.write("log\t" + commitLogEnd + "\n");
            }
            for (Map.Entry<String, Long> e : queueEnds.entrySet()) {
                out.write("queue\t" + e.getKey() + "\t" + e.getValue() + "\n");
            }
            for (Map.Entry<String, byte[]> e : documents.entrySet()) {
                out.write("doc\t" + e.getKey() + "\t" + Base64.getEncoder().encodeToString(e.getValue()) + "\n");
            }
        }
    }

    static SnapshotFile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads a snapshot's text; {@code where} names it in errors. */
    static SnapshotFile parse(String text, String where) throws IOException {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(where + " is not a SkiffMQ raft snapshot (no '" + HEADER + "' header)");
        }
        Map<String, Long> ends = new HashMap<>();
        Map<String, byte[]> docs = new HashMap<>();
        long commitLogEnd = -1;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            try {
                if (f[0].equals("log") && f.length == 2) {
                    commitLogEnd = Long.parseLong(f[1]);
                } else if (f[0].equals("queue") && f.length == 4) {
                    ends.put(QueueEnds.key(f[1], Integer.parseInt(f[2])), Long.parseLong(f[3]));
                } else if (f[0].equals("doc") && f.length == 3) {
                    docs.put(f[1], Base64.getDecoder().decode(f[2]));
                } else {
                    throw new IllegalArgumentException("unknown line");
                }
            } catch (RuntimeException e) {
                throw new IOException(where + ": unreadable line '" + line + "' (" + e.getMessage() + ")", e);
            }
        }
        return new SnapshotFile(ends, docs, commitLogEnd);
    }
}

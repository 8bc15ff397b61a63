package org.skiffmq.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The lines a started process prints on stdout, read as they come, to wait for a marker line. */
final class ProcessLines {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Process process;
    private volatile boolean ended;

    ProcessLines(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ended = true;
        }, "process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The lines up to and including the first containing {@code marker}; fails after 60 s without
     * it, or as soon as the process has ended without printing it.
     */
    List<String> until(String marker) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean endedBefore = ended;
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(marker)) {
                    return seen;
                }
            } else if (endedBefore) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") without '" + marker
                        + "'; output: " + seen);
            }
        }
        throw new AssertionError("no '" + marker + "' within 60 s; output so far: " + seen);
    }
}

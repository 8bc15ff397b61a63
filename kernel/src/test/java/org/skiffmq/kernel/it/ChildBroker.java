package org.skiffmq.kernel.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ChildBrokerMain} as a child process with this JVM's java and class path, on fixed
 * ports and a data directory that outlive it, so it can be SIGKILLed and started again on the
 * same data and the same address. The child's output goes to {@code <base>/child.log}, appended
 * run after run, for the post-mortem of a failure.
 */
public final class ChildBroker implements AutoCloseable {
    private final Path base;
    private final Path configFile;
    private final int brokerPort;
    private final int nameServerPort;
    private final String maxHeap;
    private Process process;
    private CountDownLatch ready;
    private CountDownLatch stopped;

    /**
     * @param base       the base directory (config file, data, log)
     * @param configBody the YAML configuration without {@code listen}/{@code nameServerListen},
     *                   which this class adds on free ports
     */
    public ChildBroker(Path base, String configBody) throws IOException {
        this(base, configBody, "-Xmx256m");
    }

    /** @param maxHeap the child's {@code -Xmx} option, e.g. {@code -Xmx256m} */
    public ChildBroker(Path base, String configBody, String maxHeap) throws IOException {
        this.base = base;
        this.maxHeap = maxHeap;
        this.brokerPort = freePort();
        this.nameServerPort = freePort();
        this.configFile = base.resolve("broker.yaml");
        Files.writeString(configFile, "listen: 127.0.0.1:" + brokerPort + "\n"
                + "nameServerListen: 127.0.0.1:" + nameServerPort + "\n" + configBody);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public String nameServerAddress() {
        return "127.0.0.1:" + nameServerPort;
    }

    public Path log() {
        return base.resolve("child.log");
    }

    /** Starts the child; returns at once (see {@link #awaitReady}). */
    public void launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the child is running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, maxHeap, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ChildBrokerMain.class.getName(), configFile.toString(), base.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ready = new CountDownLatch(1);
        stopped = new CountDownLatch(1);
        Process p = process;
        CountDownLatch r = ready;
        CountDownLatch s = stopped;
        Thread pump = new Thread(() -> pump(p, r, s), "child-broker-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(Process p, CountDownLatch r, CountDownLatch s) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ChildBrokerMain.READY)) {
                    r.countDown();
                } else if (line.startsWith(ChildBrokerMain.STOPPED)) {
                    s.countDown();
                }
                Files.writeString(log(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // the child was killed and the pipe closed under us
        }
    }

    /** Waits until the child serves; fails with the end of its log when it died or hung. */
    public void awaitReady(long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!ready.await(50, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the child broker did not start (alive: " + process.isAlive()
                        + "); its log ends with:\n" + tail());
            }
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child broker survived SIGKILL for 30 s");
        }
    }

    /** Closes the child's stdin, so it shuts down cleanly; true when it said it stopped. */
    public boolean stopGracefully() throws Exception {
        process.getOutputStream().close();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        boolean said = stopped.await(5, TimeUnit.SECONDS);
        if (!exited) {
            kill();
        }
        return exited && said && process.exitValue() == 0;
    }

    public String tail() {
        try {
            if (!Files.exists(log())) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}

package org.skiffmq.bench;

import java.util.List;
import java.util.Locale;

/**
 * What one run of the load tool does, parsed from {@code --name value} (or {@code --name=value})
 * arguments after the command. Every option has a default, so {@code produce} alone runs 16 sync
 * threads of 1 KiB messages against 127.0.0.1:9876 for 10 s of warm-up and 30 s measured.
 *
 * @param command  produce, consume or probe
 * @param threads  sending threads (produce), consuming threads (consume)
 * @param size     message body in bytes
 * @param seconds  measured duration
 * @param warmup   warm-up before the measurement, not counted
 * @param namesrv  name-server address(es), {@code host:port;host:port}
 * @param topic    the topic sent to or consumed from
 * @param sendMode sync (each thread waits for its answer) or async (up to {@code inflight} outstanding)
 * @param inflight most async sends outstanding at once, over all threads
 * @param group    producer or consumer group
 * @param timeoutMillis send timeout; for probe, how long to keep trying
 * @param progress whether to draw the once-a-second progress line on stderr
 * @param messages when above 0, the measurement ends after this many sends instead of after
 *                 {@code seconds}: the same work for every broker (used to compare memory)
 * @param accessKey with {@code secretKey}: sign every request as the official AclClientRPCHook does
 *                  (a broker under access control); null for none
 * @param secretKey the user's secret key, or null
 * @param tls       connect with TLS ({@code setUseTLS(true)}; the client's default test mode
 *                  trusts the server's certificate)
 */
public record BenchOptions(String command, int threads, int size, int seconds, int warmup, String namesrv,
        String topic, SendMode sendMode, int inflight, String group, int timeoutMillis, boolean progress,
        int messages, String accessKey, String secretKey, boolean tls) {

    /** The same options for another command's shape: one thread, small bodies (the startup probe). */
    BenchOptions probe(int threads, int size, int seconds, int warmup, String group, int timeoutMillis) {
        return new BenchOptions(command, threads, size, seconds, warmup, namesrv, topic, SendMode.SYNC, 1, group,
                timeoutMillis, false, 0, accessKey, secretKey, tls);
    }

    public enum SendMode { SYNC, ASYNC, TRANSACTION }

    static final List<String> COMMANDS = List.of("produce", "consume", "probe");

    static final String USAGE = """
            usage: skiff bench produce|consume|probe [options]

              produce   send with the official RocketMQ client, then print a table and a RESULT line
              consume   receive with a push consumer: end-to-end latency (store time to receipt)
              probe     send one message until it succeeds; prints READY epoch_ms=... (startup timing)

            options (defaults in brackets)
              --namesrv HOST:PORT   name server(s), ';'-separated            [127.0.0.1:9876]
              --topic NAME          topic                                    [BenchTopic]
              --threads N           sending (consuming) threads              [16]
              --size BYTES          message body size                        [1024]
              --mode sync|async|transaction
                                    sync: each thread waits; async: bounded  [sync]
                                    outstanding; transaction: each thread
                                    sends in a transaction, committed in
                                    the local callback
              --inflight N          async: most sends outstanding            [1024]
              --warmup SECONDS      warm-up, not measured                    [10]
              --seconds SECONDS     measured duration                        [30]
              --messages N          produce: measure until N sends, not for a duration
              --group NAME          producer or consumer group               [bench_producer / bench_consumer]
              --timeout MILLIS      send timeout; probe: how long to retry   [3000; probe 60000]
              --access-key KEY      sign requests as this user (access control) [none]
              --secret-key SECRET   the user's secret key
              --tls                 connect with TLS                         [off]
              --no-progress         no live line on stderr
              --help                this text

            Output: a table for people on stdout, then one line for scripts:
              RESULT tps=... p50_ms=... p99_ms=... errors=... p999_ms=... max_ms=... mib_s=... count=... total=...
            """;

    /** Parses the arguments; {@code null} means help was asked for. */
    static BenchOptions parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given; use produce, consume or probe (--help lists the options)");
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                return null;
            }
        }
        String command = args[0];
        if (!COMMANDS.contains(command)) {
            throw new UsageException("unknown command '" + command + "'; use produce, consume or probe");
        }
        Builder b = new Builder(command);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'; options look like --threads 16");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("no-progress") || name.equals("tls")) {
                value = "";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            b.set(name, value);
        }
        return b.build();
    }

    private static final class Builder {
        private final String command;
        private int threads = 16;
        private int size = 1024;
        private int seconds = 30;
        private int warmup = 10;
        private String namesrv = "127.0.0.1:9876";
        private String topic = "BenchTopic";
        private SendMode mode = SendMode.SYNC;
        private int inflight = 1024;
        private String group;
        private Integer timeout;
        private boolean progress = true;
        private int messages;
        private String accessKey;
        private String secretKey;
        private boolean tls;

        Builder(String command) {
            this.command = command;
        }

        void set(String name, String value) throws UsageException {
            switch (name) {
                case "threads" -> threads = positive(name, value, 4096);
                case "size" -> size = positive(name, value, 4 * 1024 * 1024);
                case "seconds" -> seconds = positive(name, value, 86_400);
                case "warmup" -> warmup = atLeastZero(name, value);
                case "namesrv" -> namesrv = nonEmpty(name, value);
                case "topic" -> topic = nonEmpty(name, value);
                case "mode" -> mode = mode(value);
                case "inflight" -> inflight = positive(name, value, 1_000_000);
                case "group" -> group = nonEmpty(name, value);
                case "timeout" -> timeout = positive(name, value, 3_600_000);
                case "no-progress" -> progress = false;
                case "messages" -> messages = positive(name, value, Integer.MAX_VALUE);
                case "access-key" -> accessKey = nonEmpty(name, value);
                case "secret-key" -> secretKey = nonEmpty(name, value);
                case "tls" -> tls = true;
                default -> throw new UsageException("unknown option --" + name + "; --help lists the options");
            }
        }

        BenchOptions build() throws UsageException {
            String g = group != null ? group : command.equals("consume") ? "bench_consumer" : "bench_producer";
            int t = timeout != null ? timeout : command.equals("probe") ? 60_000 : 3000;
            if ((accessKey == null) != (secretKey == null)) {
                throw new UsageException("--access-key and --secret-key go together; give both or neither");
            }
            return new BenchOptions(command, threads, size, seconds, warmup, namesrv, topic, mode, inflight, g, t,
                    progress, messages, accessKey, secretKey, tls);
        }

        private static SendMode mode(String value) throws UsageException {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "sync" -> SendMode.SYNC;
                case "async" -> SendMode.ASYNC;
                case "transaction" -> SendMode.TRANSACTION;
                default -> throw new UsageException("--mode must be sync, async or transaction; was '" + value + "'");
            };
        }

        private static String nonEmpty(String name, String value) throws UsageException {
            if (value.isBlank()) {
                throw new UsageException("--" + name + " must not be empty");
            }
            return value.trim();
        }

        private static int positive(String name, String value, int max) throws UsageException {
            int n = integer(name, value);
            if (n < 1 || n > max) {
                throw new UsageException("--" + name + " must be between 1 and " + max + "; was " + n);
            }
            return n;
        }

        private static int atLeastZero(String name, String value) throws UsageException {
            int n = integer(name, value);
            if (n < 0) {
                throw new UsageException("--" + name + " must be 0 or more; was " + n);
            }
            return n;
        }

        private static int integer(String name, String value) throws UsageException {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number; was '" + value + "'");
            }
        }
    }
}

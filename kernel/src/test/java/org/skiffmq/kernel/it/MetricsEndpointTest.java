package org.skiffmq.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.skiffmq.kernel.SkiffServer;
import org.skiffmq.kernel.StartupException;
import org.skiffmq.kernel.config.MetricsSection;

/**
 * The Prometheus endpoint, scraped over real HTTP while the official client produces and
 * consumes: RocketMQ 5's metric names and labels, counters that move, histograms that fill.
 */
class MetricsEndpointTest {
    private static final String TOPIC = "MetricsTopic";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aScrapeDuringLoadShowsRocketMqsMetricsMoving() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String url = "http://" + server.broker().metricsEndpoint().addressString() + "/metrics";
            DefaultMQProducer producer = OfficialClient.producer(server.nameServerAddress(), "PG_METRICS");
            DefaultMQPushConsumer consumer = null;
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                byte[] body = "m".repeat(100).getBytes(StandardCharsets.UTF_8);
                while (sending.get()) {
                    try {
                        producer.send(new Message(TOPIC, "TagA", body));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            try {
                producer.send(new Message(TOPIC, "TagA", "first".getBytes(StandardCharsets.UTF_8)));
                load.start();
                Received received = new Received();
                consumer = OfficialClient.recordingConsumer(server.nameServerAddress(), "CG_METRICS", TOPIC, "*",
                        MessageModel.CLUSTERING, received);
                assertTrue(Received.await(20, () -> received.distinct() >= 50), "the consumer is consuming");

                String first = scrape(url);
                Thread.sleep(1500);
                String second = scrape(url);

                String topic = "topic=\"" + TOPIC + "\"";
                assertTrue(value(second, "rocketmq_messages_in_total", topic, "message_type=\"normal\"")
                        > value(first, "rocketmq_messages_in_total", topic, "message_type=\"normal\""),
                        "messages in move:\n" + matching(second, "rocketmq_messages_in_total"));
                assertTrue(value(second, "rocketmq_throughput_in_total", topic) > 0);
                // Compared within one scrape once the load has stopped: a scrape reads meter after meter.
                sending.set(false);
                load.join(10_000);
                String still = scrape(url);
                assertEquals(value(still, "rocketmq_messages_in_total", topic),
                        value(still, "rocketmq_message_size_bucket", topic, "le=\"1024.0\""),
                        "every body is under 1 KiB:\n" + matching(still, "rocketmq_message_size_bucket"));
                assertTrue(value(second, "rocketmq_messages_out_total", topic, "consumer_group=\"CG_METRICS\"") > 0,
                        "messages out:\n" + matching(second, "rocketmq_messages_out_total"));
                String[] sends = {"request_code=\"send_message_v2\"", "response_code=\"success\""};
                assertTrue(value(second, "rocketmq_rpc_latency_milliseconds_count", sends)
                        > value(first, "rocketmq_rpc_latency_milliseconds_count", sends),
                        "send latency:\n" + matching(second, "rocketmq_rpc_latency_milliseconds_count"));
                assertTrue(value(second, "rocketmq_rpc_latency_milliseconds_bucket", "le=\"1.0\"") > 0, "the histogram fills");
                assertTrue(second.contains("protocol_type=\"remoting\""));
                assertTrue(value(second, "rocketmq_producer_connections", "language=\"java\"") >= 1);
                assertTrue(value(second, "rocketmq_consumer_connections", "consumer_group=\"CG_METRICS\"",
                        "consume_mode=\"push\"") >= 1);
                assertEquals(6, value(second, "rocketmq_broker_permission"));
                assertTrue(second.contains("rocketmq_consumer_lag_latency_milliseconds{"), "lag latency is reported");
                assertTrue(second.contains("rocketmq_consumer_lag_messages{"), "lag is reported");
                assertTrue(value(second, "rocketmq_storage_size_bytes", "storage_type=\"mmap\"") > 0);
                // Every series says which broker it is, as RocketMQ's do.
                assertTrue(value(second, "rocketmq_messages_in_total", topic, "cluster=\"DefaultCluster\"",
                        "node_type=\"broker\"", "node_id=\"broker-a\"") > 0, "common labels");
            } finally {
                sending.set(false);
                load.join(10_000);
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }

    @Test
    void onlyGetOfMetricsIsServed() throws Exception {
        try (SkiffServer server = TestBroker.start(dir)) {
            String base = "http://" + server.broker().metricsEndpoint().addressString();
            assertEquals(404, call("GET", base + "/admin").status());
            assertEquals(405, call("POST", base + "/metrics").status());
            Reply get = call("GET", base + "/metrics");
            assertEquals(200, get.status());
            assertTrue(get.contentType().startsWith("text/plain; version=0.0.4"), get.contentType());
        }
    }

    @Test
    void turnedOffThereIsNoEndpoint() throws Exception {
        try (SkiffServer server = SkiffServer.start(TestBroker.config(dir, "async")
                .metrics(new MetricsSection(false, null)), dir)) {
            assertNull(server.broker().metricsEndpoint());
        }
    }

    @Test
    void aConfiguredPortThatIsTakenFailsTheStartNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StartupException e = assertThrows(StartupException.class, () -> SkiffServer.start(
                    TestBroker.config(dir, "async").metrics(new MetricsSection(true, "127.0.0.1:"
                            + taken.getLocalPort())), dir));
            assertTrue(String.valueOf(e.getMessage()).contains("metrics.listen")
                    || String.valueOf(e.getCause()).contains("metrics.listen"), String.valueOf(e));
        }
    }

    private record Reply(int status, String contentType, String body) {
    }

    /** One HTTP request over a real connection (java.base's client: the kernel module reads no other). */
    private static Reply call(String method, String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        c.setRequestMethod(method);
        if ("POST".equals(method)) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write('x');
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(status, String.valueOf(c.getContentType()), body);
        } finally {
            c.disconnect();
        }
    }

    private static String scrape(String url) throws IOException {
        Reply r = call("GET", url);
        assertEquals(200, r.status());
        return r.body();
    }

    /** The sum of the samples of {@code name} whose labels include each of {@code labels} ({@code key="value"}). */
    private static double value(String scrape, String name, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelBlock = close < 0 ? "" : line.substring(name.length(), close + 1);
            boolean all = true;
            for (String label : labels) {
                all &= labelBlock.contains("{" + label + ",") || labelBlock.contains("," + label + ",")
                        || labelBlock.contains("," + label + "}") || labelBlock.contains("{" + label + "}");
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String matching(String scrape, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : scrape.split("\n")) {
            if (line.matches("^" + prefix + ".*")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}

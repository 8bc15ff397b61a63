package org.skiffmq.kernel.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.skiffmq.api.store.MessageStore;
import org.skiffmq.kernel.broker.client.ClientRegistry;
import org.skiffmq.kernel.broker.consume.ConsumerOffsetTable;
import org.skiffmq.kernel.config.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus endpoint: {@code GET /metrics} answers the registry in Prometheus's text format
 * (version 0.0.4), on the JDK's own HTTP server and one thread of its own. Anything else is 404
 * or 405. It serves only figures, nothing that changes the broker, and listens on loopback unless
 * told otherwise.
 */
public final class MetricsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMetrics metrics;
    private final ScrapeGauges gauges;
    private final HostPort address;
    private final boolean addressConfigured;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param addressConfigured whether {@code address} was set by the operator: then a taken port
     *                          fails the start; the default port moves to a free one instead
     */
    public MetricsEndpoint(PrometheusMetrics metrics, ClientRegistry clients, ConsumerOffsetTable offsets,
            MessageStore store, String engine, HostPort address, boolean addressConfigured) {
        this.metrics = metrics;
        this.gauges = new ScrapeGauges(metrics.registry(), clients, offsets, store, engine);
        this.address = address;
        this.addressConfigured = addressConfigured;
    }

    /**
     * Reports the plugins the broker loaded as {@code skiff_plugin_state{plugin, version, state}}:
     * {@code states} gives id, version and state (started, failed) of each at every scrape.
     */
    public void usePluginStates(java.util.function.Supplier<java.util.List<PluginState>> states) {
        gauges.usePluginStates(states);
    }

    /** Binds and starts serving. */
    public void start() throws IOException {
        InetSocketAddress wanted = new InetSocketAddress(address.host(), address.port());
        try {
            server = HttpServer.create(wanted, 16);
        } catch (BindException e) {
            if (addressConfigured) {
                throw new BindException("metrics.listen " + address.host() + ":" + address.port()
                        + " cannot be bound (" + e.getMessage() + "); choose a free port or set metrics.enabled: false");
            }
            server = HttpServer.create(new InetSocketAddress(address.host(), 0), 16);
            LOG.warn("Metrics: {}:{} is taken (another broker on this machine?); serving on {} instead. Set"
                    + " metrics.listen to choose the port.", address.host(), address.port(), address());
        }
        server.createContext("/", this::handle);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "skiff-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Metrics on http://{}/metrics", addressString());
    }

    /** Where it listens (after {@link #start()}). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code host:port}, as a person would type it into a scrape configuration. */
    public String addressString() {
        InetSocketAddress a = address();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "Not found. The metrics are at /metrics\n");
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "Only GET and HEAD are served here\n");
            } else {
                gauges.refresh();
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                reply(exchange, 200, metrics.scrape());
            }
        } catch (RuntimeException e) {
            LOG.warn("Answering a metrics scrape failed", e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving; idempotent. */
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}

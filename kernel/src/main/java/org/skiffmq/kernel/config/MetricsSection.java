package org.skiffmq.kernel.config;

/**
 * {@code metrics:} the Prometheus endpoint ({@code GET /metrics} over HTTP) and the recording
 * behind it.
 *
 * @param enabled false: nothing is recorded and no port is opened (default true)
 * @param listen  address and port of the endpoint (default {@code 127.0.0.1:5557}, RocketMQ's
 *                exporter port). When the key is left out and that port is taken (another broker
 *                on this machine), a free port is used and the log says which.
 */
public record MetricsSection(Boolean enabled, String listen) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:5557";

    public MetricsSection {
        enabled = enabled == null || enabled;
        if (listen != null) {
            try {
                HostPort.parse(listen, "metrics.listen");
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    public static MetricsSection defaults() {
        return new MetricsSection(null, null);
    }

    /** Where to listen: the configured address, or the default. */
    public HostPort address() throws ConfigException {
        return HostPort.parse(listen == null ? DEFAULT_LISTEN : listen, "metrics.listen");
    }

    /** Whether the address was configured (then a taken port fails the start instead of moving). */
    public boolean listenConfigured() {
        return listen != null;
    }
}

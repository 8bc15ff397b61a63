package org.skiffmq.kernel.config;

/** A {@code host:port} setting. */
public record HostPort(String host, int port) {

    /** Parses {@code host:port}; the message names the setting when the value is malformed. */
    public static HostPort parse(String value, String setting) throws ConfigException {
        if (value == null) {
            throw new ConfigException(setting + " is missing; write it as host:port, e.g. 127.0.0.1:10911");
        }
        int colon = value.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(value.substring(colon + 1).trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(value.substring(0, colon).trim(), port);
        } catch (NumberFormatException e) {
            throw new ConfigException(setting + " is '" + value + "'; write it as host:port with a port 0-65535");
        }
    }
}

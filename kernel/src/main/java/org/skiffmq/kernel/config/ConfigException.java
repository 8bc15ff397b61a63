package org.skiffmq.kernel.config;

/** The configuration is missing, unreadable or wrong; the message names the file and key at fault. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.skiffmq.api.transport;

import java.util.Locale;

/**
 * TLS on a Remoting server or client, with RocketMQ's server modes.
 *
 * <p>On a server: {@code certPath} and {@code keyPath} are its PEM certificate (chain) and PKCS#8
 * PEM key; {@code trustPath} the PEM certificates client certificates are checked against;
 * {@code clientAuth} whether a client must show one. On a client: {@code mode} other than
 * {@link Mode#DISABLED} connects with TLS; {@code trustPath} the certificates the server's is
 * checked against (null: the JVM's default trust store); {@code certPath} and {@code keyPath}
 * the client's own, for servers that ask for one.
 *
 * @param mode        disabled, permissive (a server takes TLS and plain connections alike) or
 *                    enforcing (TLS only)
 * @param certPath    PEM certificate, or null
 * @param keyPath     PEM private key (PKCS#8), or null
 * @param keyPassword the key's password, or null when it is not encrypted
 * @param trustPath   PEM trusted certificates, or null
 * @param clientAuth  on a server: none, optional or require
 */
public record TlsConfig(Mode mode, String certPath, String keyPath, String keyPassword, String trustPath,
                        ClientAuth clientAuth) {

    private static final TlsConfig DISABLED = new TlsConfig(Mode.DISABLED, null, null, null, null, ClientAuth.NONE);

    public TlsConfig {
        mode = mode == null ? Mode.DISABLED : mode;
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
    }

    public enum Mode {
        DISABLED, PERMISSIVE, ENFORCING;

        /** From a configuration value, any case. */
        public static Mode parse(String text, String key) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(key + " is '" + text + "'; use disabled, permissive or enforcing");
            }
        }
    }

    public enum ClientAuth {
        NONE, OPTIONAL, REQUIRE;

        public static ClientAuth parse(String text, String key) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(key + " is '" + text + "'; use none, optional or require");
            }
        }
    }

    public static TlsConfig disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return mode != Mode.DISABLED;
    }
}

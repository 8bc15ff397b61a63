package org.skiffmq.kernel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.skiffmq.api.transport.TlsConfig;

/**
 * {@code transport.tls:} TLS on the broker's port and its embedded name server's, with RocketMQ's
 * modes. Relative paths resolve against the distribution folder.
 *
 * @param mode        {@code disabled} (default), {@code permissive} (TLS and plain connections both
 *                    taken) or {@code enforcing} (TLS only)
 * @param cert        PEM certificate (chain) of the server
 * @param key         its PEM private key, PKCS#8
 * @param keyPassword the key's password, when it is encrypted
 * @param trust       PEM certificates client certificates are checked against
 * @param clientAuth  {@code none} (default), {@code optional} or {@code require}: whether clients
 *                    must show a certificate the trusted ones signed
 */
public record TlsSection(String mode, String cert, String key, String keyPassword, String trust, String clientAuth) {

    public static TlsSection defaults() {
        return new TlsSection(null, null, null, null, null, null);
    }

    /**
     * The TLS settings of the servers.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public TlsConfig toConfig(Path baseDir) {
        TlsConfig.Mode m = mode == null ? TlsConfig.Mode.DISABLED : TlsConfig.Mode.parse(mode, "transport.tls.mode");
        TlsConfig.ClientAuth auth = clientAuth == null ? TlsConfig.ClientAuth.NONE
                : TlsConfig.ClientAuth.parse(clientAuth, "transport.tls.clientAuth");
        if (m == TlsConfig.Mode.DISABLED) {
            return TlsConfig.disabled();
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("transport.tls.mode is " + mode + " but transport.tls.cert and"
                    + " transport.tls.key are not both set: give the server's PEM certificate and PKCS#8 key");
        }
        if (auth != TlsConfig.ClientAuth.NONE && trust == null) {
            throw new IllegalArgumentException("transport.tls.clientAuth is " + clientAuth + " but transport.tls.trust"
                    + " is not set: give the PEM certificates client certificates are checked against");
        }
        return new TlsConfig(m, readable(baseDir, cert, "cert"), readable(baseDir, key, "key"), keyPassword,
                readable(baseDir, trust, "trust"), auth);
    }

    /**
     * How the broker's own client dials a name server with these settings: TLS, trusting the
     * configured trust certificates or else the server's own certificate, and showing the
     * server's certificate when clients must show one.
     */
    public static TlsConfig internalClient(TlsConfig server) {
        if (!server.enabled()) {
            return TlsConfig.disabled();
        }
        boolean showCertificate = server.clientAuth() != TlsConfig.ClientAuth.NONE;
        return new TlsConfig(TlsConfig.Mode.ENFORCING, showCertificate ? server.certPath() : null,
                showCertificate ? server.keyPath() : null, server.keyPassword(),
                server.trustPath() != null ? server.trustPath() : server.certPath(), TlsConfig.ClientAuth.NONE);
    }

    private static String readable(Path baseDir, String path, String key) {
        if (path == null) {
            return null;
        }
        Path file = baseDir.resolve(path).toAbsolutePath().normalize();
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IllegalArgumentException("transport.tls." + key + ": the file " + file + " cannot be read");
        }
        return file.toString();
    }
}

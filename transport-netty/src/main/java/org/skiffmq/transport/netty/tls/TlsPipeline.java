package org.skiffmq.transport.netty.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.file.Files;
import javax.net.ssl.SSLException;
import org.skiffmq.api.transport.TlsConfig;

/**
 * TLS at the front of a connection's pipeline: an {@link io.netty.handler.ssl.SslHandler} for
 * enforcing servers and for clients, a {@link TlsDetector} for permissive servers, which looks at
 * a connection's first bytes and adds TLS only when they are a TLS handshake. The context is built
 * once, when the server or client is made, so a bad certificate or key fails there, naming it.
 */
public final class TlsPipeline {
    /** Handler name: the first of the pipeline. */
    public static final String NAME = "tls";

    private final SslContext context;
    private final boolean permissive;

    private TlsPipeline(SslContext context, boolean permissive) {
        this.context = context;
        this.permissive = permissive;
    }

    /** For a server; null when its TLS is disabled. */
    public static TlsPipeline server(TlsConfig tls) {
        if (!tls.enabled()) {
            return null;
        }
        File cert = readable(tls.certPath(), "certificate");
        File key = readable(tls.keyPath(), "key");
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(cert, key, tls.keyPassword());
            if (tls.trustPath() != null) {
                builder.trustManager(readable(tls.trustPath(), "trusted certificates"));
            } else if (tls.clientAuth() != TlsConfig.ClientAuth.NONE) {
                throw new IllegalArgumentException("TLS client authentication '" + tls.clientAuth() + "' needs the"
                        + " certificates to check clients against: set the trust path");
            }
            builder.clientAuth(switch (tls.clientAuth()) {
                case NONE -> ClientAuth.NONE;
                case OPTIONAL -> ClientAuth.OPTIONAL;
                case REQUIRE -> ClientAuth.REQUIRE;
            });
            return new TlsPipeline(builder.build(), tls.mode() == TlsConfig.Mode.PERMISSIVE);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS cannot start with certificate " + cert + " and key " + key + ": "
                    + e.getMessage() + " (the key must be PEM, PKCS#8)", e);
        }
    }

    /**
     * For a client; null when its TLS is disabled. Without a trust path the server's certificate is
     * checked against the JVM's default trust store; {@code trustAll} accepts any (RocketMQ's
     * client test mode), for the official tools' way of working only.
     */
    public static TlsPipeline client(TlsConfig tls, boolean trustAll) {
        if (!tls.enabled()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trustAll) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (tls.trustPath() != null) {
                builder.trustManager(readable(tls.trustPath(), "trusted certificates"));
            }
            if (tls.certPath() != null) {
                builder.keyManager(readable(tls.certPath(), "certificate"), readable(tls.keyPath(), "key"),
                        tls.keyPassword());
            }
            return new TlsPipeline(builder.build(), false);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS client cannot start: " + e.getMessage(), e);
        }
    }

    /** Puts TLS first in a new connection's pipeline. */
    public void install(Channel channel) {
        channel.pipeline().addFirst(NAME, permissive ? new TlsDetector(context)
                : context.newHandler(channel.alloc()));
    }

    private static File readable(String path, String what) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("TLS is on but no " + what + " file is set");
        }
        File file = new File(path);
        if (!Files.isReadable(file.toPath())) {
            throw new IllegalArgumentException("the TLS " + what + " file " + file.getAbsolutePath()
                    + " cannot be read");
        }
        return file;
    }
}

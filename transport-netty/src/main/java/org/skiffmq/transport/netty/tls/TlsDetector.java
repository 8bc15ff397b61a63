package org.skiffmq.transport.netty.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * A permissive server's first handler: once a connection's first five bytes are in, it becomes an
 * {@link SslHandler} if they start a TLS record, or steps aside for a plain Remoting connection
 * (a frame's length prefix never looks like a TLS record header: RocketMQ's permissive mode tells
 * the two apart the same way).
 */
final class TlsDetector extends ByteToMessageDecoder {
    private static final int TLS_RECORD_HEADER = 5;
    private final SslContext context;

    TlsDetector(SslContext context) {
        this.context = context;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < TLS_RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in)) {
            ctx.pipeline().replace(this, TlsPipeline.NAME, context.newHandler(ctx.alloc()));
        } else {
            ctx.pipeline().remove(this);
        }
    }
}

package org.skiffmq.transport.netty.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class BackpressureHandlerTest {

    @Test
    void readingStopsWhileTheOutboundBufferIsOverTheHighWatermarkAndResumesWhenDrained() {
        EmbeddedChannel channel = new EmbeddedChannel(BackpressureHandler.INSTANCE);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        try {
            channel.write(Unpooled.wrappedBuffer(new byte[64]));
            assertFalse(channel.isWritable());
            assertFalse(channel.config().isAutoRead());

            channel.flush();
            assertTrue(channel.isWritable());
            assertTrue(channel.config().isAutoRead());
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}

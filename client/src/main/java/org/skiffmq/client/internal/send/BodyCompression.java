package org.skiffmq.client.internal.send;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;
import org.skiffmq.api.message.MessageSysFlag;

/**
 * Compresses large bodies with zlib at level 5, as RocketMQ's producer does; the broker stores
 * the compressed bytes and consumers inflate them by the sysFlag bits.
 */
final class BodyCompression {
    /** sysFlag of a zlib body: COMPRESSED plus compression type 3 (ZLIB) in bits 8-10. */
    static final int ZLIB_SYS_FLAG = MessageSysFlag.COMPRESSED | (3 << 8);
    private static final int LEVEL = 5;

    private BodyCompression() {
    }

    static byte[] zlib(byte[] body) {
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}

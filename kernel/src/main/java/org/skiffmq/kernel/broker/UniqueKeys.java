package org.skiffmq.kernel.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes UNIQ_KEY values for messages that arrive without one, in RocketMQ's 32-hex-character
 * layout: 4 address bytes, 2 pid bytes, 4 random bytes, then per key 4 bytes of milliseconds and
 * a 2-byte counter. Thread-safe.
 */
public final class UniqueKeys {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final char[] prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public UniqueKeys() {
        ByteBuffer fixed = ByteBuffer.allocate(10);
        fixed.put(localAddress());
        fixed.putShort((short) ProcessHandle.current().pid());
        fixed.putInt(System.identityHashCode(this) ^ (int) System.nanoTime());
        prefix = hex(fixed.array());
    }

    public String next() {
        long now = System.currentTimeMillis();
        int n = counter.getAndIncrement();
        char[] out = new char[32];
        System.arraycopy(prefix, 0, out, 0, 20);
        int i = 20;
        for (int shift = 24; shift >= 0; shift -= 8) {
            i = put(out, i, (byte) (now >>> shift));
        }
        i = put(out, i, (byte) (n >>> 8));
        put(out, i, (byte) n);
        return new String(out);
    }

    private static byte[] localAddress() {
        try {
            byte[] a = InetAddress.getLocalHost().getAddress();
            return a.length == 4 ? a : new byte[] {127, 0, 0, 1};
        } catch (UnknownHostException e) {
            return new byte[] {127, 0, 0, 1};
        }
    }

    private static char[] hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            put(out, i * 2, bytes[i]);
        }
        return out;
    }

    private static int put(char[] out, int i, byte b) {
        out[i] = HEX[(b >>> 4) & 0xF];
        out[i + 1] = HEX[b & 0xF];
        return i + 2;
    }
}

package org.skiffmq.api.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the client message ids producers put in {@code UNIQ_KEY}, in RocketMQ's layout
 * (upper-case hex, 32 characters with an IPv4 host address, 56 with IPv6):
 *
 * <pre>
 * +-------------------+-------+-----------------------+--------------------------+---------+
 * | host address      | pid   | class loader hash     | ms since the month began | counter |
 * | 4 (or 16) bytes   | 2     | 4                     | 4                        | 2       |
 * +-------------------+-------+-----------------------+--------------------------+---------+
 * </pre>
 *
 * The host address is the first public address met while walking the interfaces, else a
 * private IPv4 one, else 4 time-derived bytes. The first part is fixed for the process; the
 * counter wraps at 65 536. Thread-safe.
 */
public final class UniqueKeys {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] PREFIX = hex(fixedPart());
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile long monthStart;
    private static volatile long nextMonthStart;

    private UniqueKeys() {
    }

    public static String next() {
        long now = System.currentTimeMillis();
        if (now >= nextMonthStart) {
            startMonth(now);
        }
        int sinceMonth = (int) (now - monthStart);
        int count = COUNTER.getAndIncrement();
        char[] out = new char[PREFIX.length + 12];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        int i = PREFIX.length;
        for (int shift = 24; shift >= 0; shift -= 8) {
            i = put(out, i, (byte) (sinceMonth >>> shift));
        }
        i = put(out, i, (byte) (count >>> 8));
        put(out, i, (byte) count);
        return new String(out);
    }

    private static synchronized void startMonth(long now) {
        if (now < nextMonthStart) {
            return;
        }
        ZoneId zone = ZoneId.systemDefault();
        LocalDate first = LocalDate.now(zone).withDayOfMonth(1);
        monthStart = first.atStartOfDay(zone).toInstant().toEpochMilli();
        nextMonthStart = first.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static byte[] fixedPart() {
        byte[] address = hostAddress();
        ByteBuffer fixed = ByteBuffer.allocate(address.length + 6);
        fixed.put(address);
        fixed.putShort((short) ProcessHandle.current().pid());
        fixed.putInt(UniqueKeys.class.getClassLoader() == null ? 0 : UniqueKeys.class.getClassLoader().hashCode());
        return fixed.array();
    }

    private static byte[] hostAddress() {
        byte[] privateV4 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()
                            || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                        continue;
                    }
                    boolean isPrivate = address.isSiteLocalAddress()
                            || (address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC);
                    if (!isPrivate) {
                        return address.getAddress();
                    }
                    if (privateV4 == null && address instanceof Inet4Address) {
                        privateV4 = address.getAddress();
                    }
                }
            }
        } catch (Exception e) {
            // Fall through to the private address or the time-derived bytes.
        }
        if (privateV4 != null) {
            return privateV4;
        }
        return ByteBuffer.allocate(4).putInt((int) System.currentTimeMillis()).array();
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

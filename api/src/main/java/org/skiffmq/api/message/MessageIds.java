package org.skiffmq.api.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Offset message ids: store-host address (4 or 16 bytes) + port (int32) + physical offset (int64),
 * rendered as upper-case hex (32 characters for IPv4, 56 for IPv6).
 */
public final class MessageIds {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MessageIds() {
    }

    public static String offsetMsgId(InetSocketAddress storeHost, long physicalOffset) {
        byte[] address = storeHost.getAddress().getAddress();
        char[] out = new char[(address.length + 12) * 2];
        int i = 0;
        for (byte b : address) {
            i = hex(out, i, b);
        }
        int port = storeHost.getPort();
        for (int shift = 24; shift >= 0; shift -= 8) {
            i = hex(out, i, (byte) (port >>> shift));
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            i = hex(out, i, (byte) (physicalOffset >>> shift));
        }
        return new String(out);
    }

    /** Decodes an offset message id into store host and physical offset. */
    public static DecodedId decode(String msgId) {
        int addressLength = msgId.length() == 32 ? 4 : 16;
        if (msgId.length() != (addressLength + 12) * 2) {
            throw new IllegalArgumentException("not an offset message id (need 32 or 56 hex characters): " + msgId);
        }
        ByteBuffer bytes = ByteBuffer.allocate(addressLength + 12);
        for (int i = 0; i < msgId.length(); i += 2) {
            bytes.put((byte) Integer.parseInt(msgId, i, i + 2, 16));
        }
        bytes.flip();
        byte[] address = new byte[addressLength];
        bytes.get(address);
        int port = bytes.getInt();
        long offset = bytes.getLong();
        try {
            return new DecodedId(new InetSocketAddress(InetAddress.getByAddress(address), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in message id " + msgId, e);
        }
    }

    private static int hex(char[] out, int i, byte b) {
        out[i] = HEX[(b >>> 4) & 0xF];
        out[i + 1] = HEX[b & 0xF];
        return i + 2;
    }

    /** The two parts of an offset message id. */
    public record DecodedId(InetSocketAddress storeHost, long physicalOffset) {
    }
}

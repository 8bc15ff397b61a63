package org.skiffmq.store.mmap.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;

/**
 * The keys a record is indexed under, read from its bytes without decoding the message: each of
 * its {@code KEYS} (split at spaces) and its {@code UNIQ_KEY}, hashed with its topic. The index
 * writer parses every record: the topic and properties are copied with one bulk read into a
 * reused array and scanned there (byte-wise reads of a mapped buffer cost several times more).
 *
 * <p>Not thread-safe: one instance per writer thread.
 */
final class RecordKeys {
    private static final byte[] KEYS = MessageProperties.KEYS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNIQ_KEY = MessageProperties.UNIQ_KEY.getBytes(StandardCharsets.UTF_8);
    private static final byte NAME_END = 1;
    private static final byte PROPERTY_END = 2;
    private static final int ROLLBACK = 0x3 << 2;

    private byte[] scratch = new byte[1024];

    /** Receives each key of a record. */
    @FunctionalInterface
    interface Sink {
        void key(int keyHash, long storeTimestamp);
    }

    /**
     * Hands each key of the {@code size}-byte record at {@code start} to {@code sink}. Records of a
     * rolled-back transaction are not indexed, as in RocketMQ.
     *
     * @throws IndexOutOfBoundsException when the record's fields run past its size
     */
    void forEach(ByteBuffer b, int start, int size, Sink sink) {
        int end = start + size;
        int magic = b.getInt(start + 4);
        int sysFlag = b.getInt(start + 36);
        if ((sysFlag & ROLLBACK) == ROLLBACK) {
            return;
        }
        int p = start + 48 + ((sysFlag & MessageSysFlag.BORNHOST_V6) != 0 ? 20 : 8);
        long storeTimestamp = b.getLong(p);
        p += 8 + ((sysFlag & MessageSysFlag.STOREHOST_V6) != 0 ? 20 : 8) + 4 + 8;
        p += 4 + within(b.getInt(p), p + 4, end);
        int topicLength;
        if (magic == StoredMessageCodec.MAGIC_V2) {
            topicLength = within(b.getShort(p) & 0xFFFF, p + 2, end);
            p += 2;
        } else {
            topicLength = within(b.get(p) & 0xFF, p + 1, end);
            p += 1;
        }
        int topicStart = p;
        p += topicLength;
        int propertiesLength = within(b.getShort(p) & 0xFFFF, p + 2, end);
        byte[] a = scratch(topicLength + propertiesLength);
        b.get(topicStart, a, 0, topicLength);
        b.get(p + 2, a, topicLength, propertiesLength);
        int topicHash = hashTopic(a, 0, topicLength);
        int propertiesEnd = topicLength + propertiesLength;
        int q = topicLength;
        while (q < propertiesEnd) {
            int nameEnd = indexOf(a, q, propertiesEnd, NAME_END);
            if (nameEnd < 0) {
                return;
            }
            int valueEnd = indexOf(a, nameEnd + 1, propertiesEnd, PROPERTY_END);
            if (valueEnd < 0) {
                valueEnd = propertiesEnd;
            }
            if (nameIs(a, q, nameEnd, UNIQ_KEY)) {
                emit(a, topicHash, nameEnd + 1, valueEnd, storeTimestamp, sink);
            } else if (nameIs(a, q, nameEnd, KEYS)) {
                int from = nameEnd + 1;
                while (from < valueEnd) {
                    int space = indexOf(a, from, valueEnd, (byte) ' ');
                    int to = space < 0 ? valueEnd : space;
                    emit(a, topicHash, from, to, storeTimestamp, sink);
                    from = to + 1;
                }
            }
            q = valueEnd + 1;
        }
    }

    /** {@code length}, checked to end by the record's end. */
    private static int within(int length, int from, int end) {
        if (length < 0 || from + length > end) {
            throw new IndexOutOfBoundsException("a field of " + length + " bytes at " + from + " runs past the record's end "
                    + end);
        }
        return length;
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
        }
        return scratch;
    }

    private static void emit(byte[] a, int topicHash, int from, int to, long storeTimestamp, Sink sink) {
        if (to > from) {
            int h = topicHash;
            for (int i = from; i < to; i++) {
                h = 31 * h + (a[i] & 0xFF);
            }
            sink.key(finish(h), storeTimestamp);
        }
    }

    /** The hash a key of {@code topic} is filed under. */
    static int hash(String topic, String key) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int h = hashTopic(t, 0, t.length);
        for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + (x & 0xFF);
        }
        return finish(h);
    }

    /** Whether a decoded message carries {@code key} as one of its keys or as its unique key. */
    static boolean carries(StoredMessage m, String key) {
        if (key.equals(m.getProperty(MessageProperties.UNIQ_KEY))) {
            return true;
        }
        String keys = m.getProperty(MessageProperties.KEYS);
        if (keys == null) {
            return false;
        }
        for (String k : keys.split(" ")) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The hash of the topic and the '#' after it, which the key's bytes continue. */
    private static int hashTopic(byte[] a, int from, int length) {
        int h = 0;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + (a[i] & 0xFF);
        }
        return 31 * h + '#';
    }

    /** Spreads the bits (MurmurHash3's finalizer) so that similar keys land in different slots. */
    private static int finish(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static int indexOf(byte[] a, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean nameIs(byte[] a, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (a[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }
}

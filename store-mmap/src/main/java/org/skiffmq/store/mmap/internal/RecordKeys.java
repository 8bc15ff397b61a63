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
 * writer parses every record, so this allocates nothing.
 */
final class RecordKeys {
    private static final byte[] KEYS = MessageProperties.KEYS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNIQ_KEY = MessageProperties.UNIQ_KEY.getBytes(StandardCharsets.UTF_8);
    private static final byte NAME_END = 1;
    private static final byte PROPERTY_END = 2;
    private static final int ROLLBACK = 0x3 << 2;

    private RecordKeys() {
    }

    /** Receives each key of a record. */
    @FunctionalInterface
    interface Sink {
        void key(int keyHash, long storeTimestamp);
    }

    /**
     * Hands each key of the record at {@code start} (whole, within the buffer's limit) to
     * {@code sink}. Records of a rolled-back transaction are not indexed, as in RocketMQ.
     */
    static void forEach(ByteBuffer b, int start, Sink sink) {
        int magic = b.getInt(start + 4);
        int sysFlag = b.getInt(start + 36);
        if ((sysFlag & ROLLBACK) == ROLLBACK) {
            return;
        }
        int p = start + 48 + ((sysFlag & MessageSysFlag.BORNHOST_V6) != 0 ? 20 : 8);
        long storeTimestamp = b.getLong(p);
        p += 8 + ((sysFlag & MessageSysFlag.STOREHOST_V6) != 0 ? 20 : 8) + 4 + 8;
        p += 4 + b.getInt(p);
        int topicLength;
        if (magic == StoredMessageCodec.MAGIC_V2) {
            topicLength = b.getShort(p) & 0xFFFF;
            p += 2;
        } else {
            topicLength = b.get(p) & 0xFF;
            p += 1;
        }
        int topicStart = p;
        int topicHash = hashTopic(b, topicStart, topicLength);
        p += topicLength;
        int propertiesEnd = p + 2 + (b.getShort(p) & 0xFFFF);
        p += 2;
        while (p < propertiesEnd) {
            int nameEnd = indexOf(b, p, propertiesEnd, NAME_END);
            if (nameEnd < 0) {
                return;
            }
            int valueEnd = indexOf(b, nameEnd + 1, propertiesEnd, PROPERTY_END);
            if (valueEnd < 0) {
                valueEnd = propertiesEnd;
            }
            if (nameIs(b, p, nameEnd, UNIQ_KEY)) {
                emit(b, topicHash, nameEnd + 1, valueEnd, storeTimestamp, sink);
            } else if (nameIs(b, p, nameEnd, KEYS)) {
                int from = nameEnd + 1;
                while (from < valueEnd) {
                    int space = indexOf(b, from, valueEnd, (byte) ' ');
                    int to = space < 0 ? valueEnd : space;
                    emit(b, topicHash, from, to, storeTimestamp, sink);
                    from = to + 1;
                }
            }
            p = valueEnd + 1;
        }
    }

    private static void emit(ByteBuffer b, int topicHash, int from, int to, long storeTimestamp, Sink sink) {
        if (to > from) {
            int h = topicHash;
            for (int i = from; i < to; i++) {
                h = 31 * h + (b.get(i) & 0xFF);
            }
            sink.key(finish(h), storeTimestamp);
        }
    }

    /** The hash a key of {@code topic} is filed under. */
    static int hash(String topic, String key) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int h = hashTopic(ByteBuffer.wrap(t), 0, t.length);
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
    private static int hashTopic(ByteBuffer b, int from, int length) {
        int h = 0;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + (b.get(i) & 0xFF);
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

    private static int indexOf(ByteBuffer b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean nameIs(ByteBuffer b, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (b.get(from + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}

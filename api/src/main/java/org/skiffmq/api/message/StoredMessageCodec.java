package org.skiffmq.api.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * RocketMQ's stored-message encoding: the commit-log record, and the PULL body element.
 *
 * <pre>
 * +-----------+-----------+---------+---------+------+-------------+----------------+---------+
 * | TOTALSIZE | MAGICCODE | BODYCRC | QUEUEID | FLAG | QUEUEOFFSET | PHYSICALOFFSET | SYSFLAG |
 * |     4     |     4     |    4    |    4    |  4   |      8      |       8        |    4    |
 * +-----------+-----------+---------+---------+------+-------------+----------------+---------+
 * | BORNTIMESTAMP | BORNHOST  | STORETIMESTAMP | STOREHOST | RECONSUMETIMES | PREPARED TX OFFSET |
 * |       8       | 8 (v6:20) |       8        | 8 (v6:20) |       4        |         8          |
 * +---------------+-----------+----------------+-----------+----------------+--------------------+
 * | BODY LEN | BODY | TOPIC LEN (V1: 1, V2: 2) | TOPIC | PROPERTIES LEN (2) | PROPERTIES |
 * +----------+------+--------------------------+-------+--------------------+------------+
 * </pre>
 *
 * Big-endian. MAGIC V1 {@code 0xDAA320A7}; V2 {@code 0xDAA320AB} (2-byte topic length, written
 * only for topics over 127 bytes). BODYCRC is CRC32 of the body masked to 31 bits. A commit-log
 * file ends with an 8-byte blank marker (remaining space, {@link #BLANK_MAGIC}) when the next
 * record does not fit.
 *
 * <p>A record may end with RocketMQ's record-CRC property ({@link #RECORD_CRC_PROPERTY}): the CRC32
 * of every byte before it, as 10 decimal digits, least significant first. BODYCRC alone cannot
 * tell a record whose topic or properties were torn by a crash; this can. {@link #decode} checks
 * it when asked to and never hands it out as a property.
 */
public final class StoredMessageCodec {
    public static final int MAGIC_V1 = 0xDAA320A7;
    public static final int MAGIC_V2 = 0xDAA320AB;
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** Size of the end-of-file blank marker: remaining space + magic. */
    public static final int BLANK_SIZE = 8;
    /** Largest properties string the record can carry (signed 16-bit length). */
    public static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;
    /** Largest topic a V1 record can carry (signed 8-bit length). */
    public static final int MAX_V1_TOPIC_LENGTH = Byte.MAX_VALUE;

    /** RocketMQ's property holding the CRC of the whole record before it. */
    public static final String RECORD_CRC_PROPERTY = "__CRC32#";
    /** Bytes the record-CRC property takes: name, separator, 10 digits, separator. */
    public static final int RECORD_CRC_LENGTH = RECORD_CRC_PROPERTY.length() + 1 + 10 + 1;
    private static final byte[] RECORD_CRC_PREFIX = (RECORD_CRC_PROPERTY + MessageProperties.NAME_VALUE_SEPARATOR)
            .getBytes(StandardCharsets.US_ASCII);

    static final int QUEUE_OFFSET_POSITION = 20;
    static final int PHYSICAL_OFFSET_POSITION = 28;

    private StoredMessageCodec() {
    }

    /** CRC32 of the body, masked to 31 bits, as BODYCRC holds it. */
    public static int bodyCrc(byte[] body) {
        if (body == null || body.length == 0) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** {@link #prepare(BrokerMessage, boolean)} without a record CRC (RocketMQ's default format). */
    public static Prepared prepare(BrokerMessage message) {
        return prepare(message, false);
    }

    /**
     * Encodes everything of a record that does not depend on where it lands, so the caller can do
     * it before taking the append lock; with {@code recordCrc}, {@link #write} ends the record with
     * the record-CRC property. A record-CRC property the message already carries (a consumer
     * sending a stored message on) is dropped: it belonged to the old record. Throws
     * IllegalArgumentException naming the field that does not fit the format.
     */
    public static Prepared prepare(BrokerMessage message, boolean recordCrc) {
        byte[] topic = message.getTopic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic is " + topic.length + " bytes; the record allows " + Short.MAX_VALUE);
        }
        Map<String, String> props = message.getProperties();
        if (props != null && props.containsKey(RECORD_CRC_PROPERTY)) {
            props = new LinkedHashMap<>(props);
            props.remove(RECORD_CRC_PROPERTY);
        }
        byte[] properties = MessageProperties.encode(props).getBytes(StandardCharsets.UTF_8);
        int crcLength = recordCrc ? RECORD_CRC_LENGTH : 0;
        if (properties.length + crcLength > MAX_PROPERTIES_LENGTH) {
            throw new IllegalArgumentException("properties are " + properties.length + " bytes; the record allows "
                    + MAX_PROPERTIES_LENGTH + (recordCrc ? ", " + crcLength + " of them for the record CRC" : ""));
        }
        int sysFlag = message.getSysFlag() & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6);
        int bornHostLength = hostLength(message.getBornHost());
        int storeHostLength = hostLength(message.getStoreHost());
        if (bornHostLength == 20) {
            sysFlag |= MessageSysFlag.BORNHOST_V6;
        }
        if (storeHostLength == 20) {
            sysFlag |= MessageSysFlag.STOREHOST_V6;
        }
        byte[] body = message.getBody() == null ? new byte[0] : message.getBody();
        boolean v2 = topic.length > MAX_V1_TOPIC_LENGTH;
        int totalSize = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + bornHostLength + 8 + storeHostLength + 4 + 8
                + 4 + body.length + (v2 ? 2 : 1) + topic.length + 2 + properties.length + crcLength;
        return new Prepared(message, body, topic, properties, bodyCrc(body), sysFlag, v2, recordCrc, totalSize);
    }

    /**
     * Writes a prepared record at the buffer's position and advances it by
     * {@link Prepared#totalSize()}. The caller checked that it fits.
     */
    public static void write(ByteBuffer dst, Prepared p, long queueOffset, long physicalOffset, long storeTimestamp) {
        BrokerMessage m = p.message;
        int start = dst.position();
        dst.putInt(p.totalSize);
        dst.putInt(p.v2 ? MAGIC_V2 : MAGIC_V1);
        dst.putInt(p.bodyCrc);
        dst.putInt(m.getQueueId());
        dst.putInt(m.getFlag());
        dst.putLong(queueOffset);
        dst.putLong(physicalOffset);
        dst.putInt(p.sysFlag);
        dst.putLong(m.getBornTimestamp());
        putHost(dst, m.getBornHost());
        dst.putLong(storeTimestamp);
        putHost(dst, m.getStoreHost());
        dst.putInt(m.getReconsumeTimes());
        dst.putLong(m.getPreparedTransactionOffset());
        dst.putInt(p.body.length);
        dst.put(p.body);
        if (p.v2) {
            dst.putShort((short) p.topic.length);
        } else {
            dst.put((byte) p.topic.length);
        }
        dst.put(p.topic);
        dst.putShort((short) (p.properties.length + (p.recordCrc ? RECORD_CRC_LENGTH : 0)));
        dst.put(p.properties);
        if (p.recordCrc) {
            int crc = crcOf(dst, start, dst.position());
            dst.put(RECORD_CRC_PREFIX);
            for (int i = 0; i < 10; i++) {
                dst.put((byte) ('0' + crc % 10));
                crc /= 10;
            }
            dst.put((byte) MessageProperties.PROPERTY_SEPARATOR);
        }
    }

    /** What the record-CRC property of a record says about it. */
    public enum RecordCrc {
        /** The record does not end with the property. */
        ABSENT,
        /** The property matches the record's bytes. */
        VALID,
        /** The property does not match: the record was torn or damaged after it was written. */
        MISMATCH
    }

    /**
     * Checks the record-CRC property of the {@code totalSize}-byte record at {@code start}, whose
     * TOTALSIZE the caller has checked against the buffer. Does not move the buffer.
     */
    public static RecordCrc checkRecordCrc(ByteBuffer buf, int start, int totalSize) {
        if (!hasRecordCrc(buf, start, totalSize)) {
            return RecordCrc.ABSENT;
        }
        int tail = start + totalSize - RECORD_CRC_LENGTH;
        long stored = 0;
        for (int i = 9; i >= 0; i--) {
            int digit = buf.get(tail + RECORD_CRC_PREFIX.length + i) - '0';
            if (digit < 0 || digit > 9) {
                return RecordCrc.MISMATCH;
            }
            stored = stored * 10 + digit;
        }
        if (buf.get(start + totalSize - 1) != MessageProperties.PROPERTY_SEPARATOR) {
            return RecordCrc.MISMATCH;
        }
        return stored == crcOf(buf, start, tail) ? RecordCrc.VALID : RecordCrc.MISMATCH;
    }

    /** Whether the {@code totalSize}-byte record at {@code start} ends with a record-CRC property. */
    public static boolean hasRecordCrc(ByteBuffer buf, int start, int totalSize) {
        if (totalSize < RECORD_CRC_LENGTH) {
            return false;
        }
        int tail = start + totalSize - RECORD_CRC_LENGTH;
        for (int i = 0; i < RECORD_CRC_PREFIX.length; i++) {
            if (buf.get(tail + i) != RECORD_CRC_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** CRC32 of {@code buf[from, to)}, masked to 31 bits as RocketMQ stores it. */
    private static int crcOf(ByteBuffer buf, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(buf.duplicate().limit(to).position(from));
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** Writes the end-of-file blank marker for {@code remaining} bytes (at least {@link #BLANK_SIZE}). */
    public static void writeBlank(ByteBuffer dst, int remaining) {
        dst.putInt(remaining);
        dst.putInt(BLANK_MAGIC);
    }

    /**
     * Decodes the record at the buffer's position and advances past it.
     *
     * @throws MessageDecodeException when the bytes are not a complete, well-formed record
     */
    public static StoredMessage decode(ByteBuffer buf) {
        return decode(buf, true);
    }

    /**
     * Decodes the record at the buffer's position; with {@code verifyCrc} the body CRC, and the
     * record CRC when the record carries one, are checked too.
     */
    public static StoredMessage decode(ByteBuffer buf, boolean verifyCrc) {
        int start = buf.position();
        int available = buf.remaining();
        if (available < 4 + 4) {
            throw new MessageDecodeException("record header truncated: " + available + " bytes left");
        }
        int totalSize = buf.getInt();
        int magic = buf.getInt();
        if (magic != MAGIC_V1 && magic != MAGIC_V2) {
            throw new MessageDecodeException(String.format("bad magic code 0x%08X at record start", magic));
        }
        if (totalSize < 0 || totalSize > available) {
            throw new MessageDecodeException("TOTALSIZE " + totalSize + " exceeds the " + available + " bytes left");
        }
        ByteBuffer rec = buf.duplicate();
        rec.position(start + 8).limit(start + totalSize);
        try {
            StoredMessage m = new StoredMessage();
            m.setStoreSize(totalSize);
            m.setBodyCrc(rec.getInt());
            m.setQueueId(rec.getInt());
            m.setFlag(rec.getInt());
            m.setQueueOffset(rec.getLong());
            m.setPhysicalOffset(rec.getLong());
            int sysFlag = rec.getInt();
            m.setSysFlag(sysFlag);
            m.setBornTimestamp(rec.getLong());
            m.setBornHost(getHost(rec, (sysFlag & MessageSysFlag.BORNHOST_V6) != 0));
            m.setStoreTimestamp(rec.getLong());
            m.setStoreHost(getHost(rec, (sysFlag & MessageSysFlag.STOREHOST_V6) != 0));
            m.setReconsumeTimes(rec.getInt());
            m.setPreparedTransactionOffset(rec.getLong());
            int bodyLength = rec.getInt();
            if (bodyLength < 0 || bodyLength > rec.remaining()) {
                throw new MessageDecodeException("body length " + bodyLength + " exceeds the record");
            }
            byte[] body = new byte[bodyLength];
            rec.get(body);
            m.setBody(body);
            if (verifyCrc && bodyCrc(body) != m.getBodyCrc()) {
                throw new MessageDecodeException("body CRC mismatch: record says " + m.getBodyCrc() + ", body gives "
                        + bodyCrc(body));
            }
            int topicLength = magic == MAGIC_V2 ? rec.getShort() & 0xFFFF : rec.get() & 0xFF;
            if (topicLength > rec.remaining()) {
                throw new MessageDecodeException("topic length " + topicLength + " exceeds the record");
            }
            m.setTopic(new String(bytes(rec, topicLength), StandardCharsets.UTF_8));
            int propertiesLength = rec.getShort() & 0xFFFF;
            if (propertiesLength != rec.remaining()) {
                throw new MessageDecodeException("properties length " + propertiesLength + " does not end the record ("
                        + rec.remaining() + " bytes left)");
            }
            if (verifyCrc && checkRecordCrc(buf, start, totalSize) == RecordCrc.MISMATCH) {
                throw new MessageDecodeException("record CRC mismatch: the record was damaged after it was written");
            }
            byte[] properties = bytes(rec, propertiesLength);
            Map<String, String> decoded = MessageProperties.decode(properties, 0, properties.length);
            decoded.remove(RECORD_CRC_PROPERTY);
            m.setProperties(decoded);
            buf.position(start + totalSize);
            return m;
        } catch (java.nio.BufferUnderflowException e) {
            throw new MessageDecodeException("record of TOTALSIZE " + totalSize + " ends inside its fields");
        }
    }

    /** Reads the QUEUEOFFSET field of the record starting at {@code recordStart}. */
    public static long queueOffsetAt(ByteBuffer buf, int recordStart) {
        return buf.getLong(recordStart + QUEUE_OFFSET_POSITION);
    }

    /** Reads the PHYSICALOFFSET field of the record starting at {@code recordStart}. */
    public static long physicalOffsetAt(ByteBuffer buf, int recordStart) {
        return buf.getLong(recordStart + PHYSICAL_OFFSET_POSITION);
    }

    private static byte[] bytes(ByteBuffer buf, int length) {
        byte[] b = new byte[length];
        buf.get(b);
        return b;
    }

    private static int hostLength(InetSocketAddress host) {
        if (host == null) {
            throw new IllegalArgumentException("message has no born or store host");
        }
        return host.getAddress().getAddress().length == 16 ? 20 : 8;
    }

    private static void putHost(ByteBuffer dst, InetSocketAddress host) {
        dst.put(host.getAddress().getAddress());
        dst.putInt(host.getPort());
    }

    private static InetSocketAddress getHost(ByteBuffer buf, boolean v6) {
        byte[] address = bytes(buf, v6 ? 16 : 4);
        int port = buf.getInt();
        if (port < 0 || port > 0xFFFF) {
            throw new MessageDecodeException("host port " + port + " out of range");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new MessageDecodeException("bad host address: " + e.getMessage());
        }
    }

    /** A record encoded up to its offsets: {@link #write} finishes it. */
    public static final class Prepared {
        private final BrokerMessage message;
        private final byte[] body;
        private final byte[] topic;
        private final byte[] properties;
        private final int bodyCrc;
        private final int sysFlag;
        private final boolean v2;
        private final boolean recordCrc;
        private final int totalSize;

        Prepared(BrokerMessage message, byte[] body, byte[] topic, byte[] properties, int bodyCrc, int sysFlag,
                boolean v2, boolean recordCrc, int totalSize) {
            this.message = message;
            this.body = body;
            this.topic = topic;
            this.properties = properties;
            this.bodyCrc = bodyCrc;
            this.sysFlag = sysFlag;
            this.v2 = v2;
            this.recordCrc = recordCrc;
            this.totalSize = totalSize;
        }

        public BrokerMessage message() {
            return message;
        }

        public int totalSize() {
            return totalSize;
        }

        public int sysFlag() {
            return sysFlag;
        }
    }
}

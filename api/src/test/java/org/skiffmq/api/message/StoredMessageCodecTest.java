package org.skiffmq.api.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The shared stored-message vectors decode as the vectors README says and re-encode byte-exact. */
class StoredMessageCodecTest {

    static byte[] vector(String name) throws IOException {
        String dir = System.getProperty("skiff.vectors", "src/test/resources/vectors");
        return HexFormat.of().parseHex(Files.readString(Path.of(dir, name)).trim());
    }

    /** Re-encodes a decoded record through prepare() + write() with the offsets it carried. */
    static byte[] reencode(StoredMessage m) {
        StoredMessageCodec.Prepared p = StoredMessageCodec.prepare(m);
        ByteBuffer out = ByteBuffer.allocate(p.totalSize());
        StoredMessageCodec.write(out, p, m.getQueueOffset(), m.getPhysicalOffset(), m.getStoreTimestamp());
        assertEquals(0, out.remaining(), "write() fills exactly totalSize()");
        return out.array();
    }

    @Test
    void v1VectorDecodesToTheDocumentedFields() throws IOException {
        byte[] bytes = vector("stored-message-v1.hex");
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(bytes), true);
        assertEquals(199, m.getStoreSize());
        assertEquals(1774740973, m.getBodyCrc());
        assertEquals(1, m.getQueueId());
        assertEquals(0, m.getFlag());
        assertEquals(0, m.getQueueOffset());
        assertEquals(0, m.getPhysicalOffset());
        assertEquals(0, m.getSysFlag());
        assertEquals(1700000000000L, m.getBornTimestamp());
        assertEquals(new InetSocketAddress("127.0.0.1", 54321), m.getBornHost());
        assertEquals(1700000000005L, m.getStoreTimestamp());
        assertEquals(new InetSocketAddress("127.0.0.1", 10911), m.getStoreHost());
        assertEquals("Hello RocketMQ", new String(m.getBody(), StandardCharsets.UTF_8));
        assertEquals("TopicTest", m.getTopic());
        assertEquals("7F00000100002A9F0000000000000001", m.getUniqKey());
        assertEquals("TagA", m.getTags());
        assertEquals("DefaultCluster", m.getProperty(MessageProperties.CLUSTER));
        assertEquals("7F00000100002A9F0000000000000000", m.getOffsetMsgId());
    }

    @Test
    void v1VectorReencodesByteExact() throws IOException {
        byte[] bytes = vector("stored-message-v1.hex");
        assertArrayEquals(bytes, reencode(StoredMessageCodec.decode(ByteBuffer.wrap(bytes))));
    }

    @Test
    void ipv6BornHostVectorDecodesAndReencodes() throws IOException {
        byte[] bytes = vector("stored-message-bornhost-v6.hex");
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(bytes), true);
        assertEquals(136, m.getStoreSize());
        assertEquals(MessageSysFlag.BORNHOST_V6, m.getSysFlag());
        assertEquals(16, m.getBornHost().getAddress().getAddress().length);
        assertEquals(54321, m.getBornHost().getPort());
        assertEquals(new InetSocketAddress("127.0.0.1", 10911), m.getStoreHost());
        assertEquals(2, m.getQueueId());
        assertEquals(5, m.getQueueOffset());
        assertEquals(4096, m.getPhysicalOffset());
        assertEquals("TagA", m.getTags());
        assertEquals("7F00000100002A9F0000000000001000", m.getOffsetMsgId());
        assertArrayEquals(bytes, reencode(m));
    }

    @Test
    void longTopicVectorUsesV2MagicAndReencodes() throws IOException {
        byte[] bytes = vector("stored-message-v2-longtopic.hex");
        assertEquals(StoredMessageCodec.MAGIC_V2, ByteBuffer.wrap(bytes).getInt(4));
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(bytes), true);
        assertEquals(288, m.getStoreSize());
        assertEquals(130, m.getTopic().length());
        assertEquals("T" + "x".repeat(129), m.getTopic());
        assertEquals(0, m.getPhysicalOffset());
        assertArrayEquals(bytes, reencode(m));
    }

    @Test
    void capturedFirstCommitLogRecordDecodesAndReencodes() throws IOException {
        byte[] bytes = vector("captured/commitlog-first-message.hex");
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(bytes), true);
        assertEquals(272, m.getStoreSize());
        assertEquals("TopicDemo", m.getTopic());
        assertEquals(3, m.getQueueId());
        assertEquals("TagA", m.getTags());
        assertEquals("DefaultRegion", m.getProperty(MessageProperties.MSG_REGION));
        assertEquals("true", m.getProperty(MessageProperties.TRACE_ON));
        assertEquals(56, m.getUniqKey().length());
        assertArrayEquals(bytes, reencode(m));
    }

    @Test
    void blankMarkerIsRemainingSpaceThenBlankMagic() {
        ByteBuffer b = ByteBuffer.allocate(8);
        StoredMessageCodec.writeBlank(b, 1234);
        assertEquals(1234, b.getInt(0));
        assertEquals(0xCBD43194, b.getInt(4));
    }

    @Test
    void corruptedBodyFailsTheCrcCheck() throws IOException {
        byte[] bytes = vector("stored-message-v1.hex");
        bytes[0x58] ^= 1; // first body byte
        assertThrows(MessageDecodeException.class, () -> StoredMessageCodec.decode(ByteBuffer.wrap(bytes), true));
        StoredMessageCodec.decode(ByteBuffer.wrap(bytes), false);
    }

    @Test
    void truncatedRecordIsRejected() throws IOException {
        byte[] bytes = vector("stored-message-v1.hex");
        ByteBuffer cut = ByteBuffer.wrap(bytes, 0, 150).slice();
        assertThrows(MessageDecodeException.class, () -> StoredMessageCodec.decode(cut, true));
    }

    @Test
    void totalSizeSmallerThanTheFieldsIsRejected() throws IOException {
        byte[] bytes = vector("stored-message-v1.hex");
        ByteBuffer.wrap(bytes).putInt(0, 12);
        assertThrows(MessageDecodeException.class, () -> StoredMessageCodec.decode(ByteBuffer.wrap(bytes), true));
    }

    /** RocketMQ's record CRC: CRC32 of the bytes before it, 10 digits least significant first. */
    @Test
    void recordCrcEndsTheRecordInRocketMqsForm() throws IOException {
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(vector("stored-message-v1.hex")));
        ByteBuffer out = withRecordCrc(m, 4096);
        byte[] record = out.array();
        assertEquals(199 + StoredMessageCodec.RECORD_CRC_LENGTH, record.length);

        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(record, 0, record.length - StoredMessageCodec.RECORD_CRC_LENGTH);
        String digits = new StringBuilder(String.format("%010d", crc.getValue() & 0x7FFFFFFF)).reverse().toString();
        String tail = new String(record, record.length - StoredMessageCodec.RECORD_CRC_LENGTH,
                StoredMessageCodec.RECORD_CRC_LENGTH, StandardCharsets.US_ASCII);
        assertEquals("__CRC32#\u0001" + digits + "\u0002", tail);
        assertEquals(StoredMessageCodec.RecordCrc.VALID,
                StoredMessageCodec.checkRecordCrc(ByteBuffer.wrap(record), 0, record.length));

        StoredMessage back = StoredMessageCodec.decode(ByteBuffer.wrap(record), true);
        assertEquals(m.getProperties(), back.getProperties(), "the CRC is not handed out as a property");
        assertEquals(m.getTopic(), back.getTopic());
    }

    @Test
    void aRecordDamagedOutsideItsBodyFailsTheRecordCrc() throws IOException {
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(vector("stored-message-v1.hex")));
        ByteBuffer out = withRecordCrc(m, 0);
        byte[] record = out.array();
        record[88 + 14 + 1] = 'X'; // first topic byte: BODYCRC cannot see it
        assertEquals(StoredMessageCodec.RecordCrc.MISMATCH,
                StoredMessageCodec.checkRecordCrc(ByteBuffer.wrap(record), 0, record.length));
        assertThrows(MessageDecodeException.class, () -> StoredMessageCodec.decode(ByteBuffer.wrap(record), true));
        assertEquals("XopicTest", StoredMessageCodec.decode(ByteBuffer.wrap(record), false).getTopic());
        assertEquals(StoredMessageCodec.RecordCrc.ABSENT, StoredMessageCodec.checkRecordCrc(
                ByteBuffer.wrap(vector("stored-message-v1.hex")), 0, 199));
    }

    /** A consumer sending a stored message on carries the old record's CRC; the new record gets its own. */
    @Test
    void aCarriedOverRecordCrcIsReplaced() throws IOException {
        StoredMessage m = StoredMessageCodec.decode(ByteBuffer.wrap(vector("stored-message-v1.hex")));
        m.putProperty(StoredMessageCodec.RECORD_CRC_PROPERTY, "1234567890");
        ByteBuffer out = withRecordCrc(m, 0);
        assertEquals(199 + StoredMessageCodec.RECORD_CRC_LENGTH, out.capacity());
        assertEquals(StoredMessageCodec.RecordCrc.VALID,
                StoredMessageCodec.checkRecordCrc(ByteBuffer.wrap(out.array()), 0, out.capacity()));
    }

    /** {@code m} encoded with the record CRC at {@code physicalOffset}. */
    private static ByteBuffer withRecordCrc(StoredMessage m, long physicalOffset) {
        StoredMessageCodec.Prepared p = StoredMessageCodec.prepare(m, true);
        ByteBuffer out = ByteBuffer.allocate(p.totalSize());
        StoredMessageCodec.write(out, p, 7, physicalOffset, 1700000000005L);
        return out;
    }
}

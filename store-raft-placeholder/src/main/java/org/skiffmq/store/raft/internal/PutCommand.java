package org.skiffmq.store.raft.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;

/**
 * What one Raft log entry carries: messages of one queue to append, in RocketMQ's stored-record
 * encoding (queue and physical offsets left 0: each member's local store assigns them, the same
 * on every member), and the store time the leader gave them, so every member writes the same bytes.
 *
 * <pre>
 *   byte  kind (1: messages; {@link MetadataCommand} is 2)
 *   long  storeTimestamp
 *   int   count
 *   count × record (totalSize first)
 * </pre>
 *
 * @param storeTimestamp the store time of every message of the entry
 * @param messages       one message, or a batch of one queue
 */
record PutCommand(long storeTimestamp, List<StoredMessage> messages) {
    static final byte KIND = 1;
    private static final int HEADER = 1 + 8 + 4;

    /** The entry for {@code messages}, which the local store already found legal. */
    static byte[] encode(List<? extends BrokerMessage> messages, long storeTimestamp) {
        StoredMessageCodec.Prepared[] records = new StoredMessageCodec.Prepared[messages.size()];
        int size = HEADER;
        for (int i = 0; i < records.length; i++) {
            records[i] = StoredMessageCodec.prepare(messages.get(i));
            size += records[i].totalSize();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(KIND).putLong(storeTimestamp).putInt(records.length);
        for (StoredMessageCodec.Prepared record : records) {
            StoredMessageCodec.write(buf, record, 0, 0, storeTimestamp);
        }
        return buf.array();
    }

    /**
     * The command in an entry's bytes.
     *
     * @throws MessageDecodeException when the bytes are not a command this version wrote
     */
    static PutCommand decode(ByteBuffer buf) {
        if (buf.remaining() < HEADER) {
            throw new MessageDecodeException("a raft entry of " + buf.remaining() + " bytes is shorter than its header");
        }
        byte kind = buf.get();
        if (kind != KIND) {
            throw new MessageDecodeException("a raft entry of kind " + kind + " is not a put");
        }
        long storeTimestamp = buf.getLong();
        int count = buf.getInt();
        if (count < 1 || count > buf.remaining()) {
            throw new MessageDecodeException("a raft entry claims " + count + " messages");
        }
        List<StoredMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(StoredMessageCodec.decode(buf, false));
        }
        if (buf.hasRemaining()) {
            throw new MessageDecodeException("a raft entry has " + buf.remaining() + " bytes after its messages");
        }
        return new PutCommand(storeTimestamp, messages);
    }
}

package org.skiffmq.store.raft.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.skiffmq.api.message.MessageDecodeException;

/**
 * A Raft entry carrying one of the broker's metadata documents (its topic table, its consumer
 * offsets), whole, from the master to every member.
 *
 * <pre>
 *   byte   kind (2)
 *   short  name length, name (UTF-8)
 *   int    content length, content
 * </pre>
 */
record MetadataCommand(String name, byte[] content) {
    static final byte KIND = 2;

    byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(1 + 2 + n.length + 4 + content.length);
        buf.put(KIND).putShort((short) n.length).put(n).putInt(content.length).put(content);
        return buf.array();
    }

    static MetadataCommand decode(ByteBuffer buf) {
        try {
            if (buf.get() != KIND) {
                throw new MessageDecodeException("a raft entry is not a metadata document");
            }
            byte[] n = new byte[buf.getShort()];
            buf.get(n);
            byte[] content = new byte[buf.getInt()];
            buf.get(content);
            return new MetadataCommand(new String(n, StandardCharsets.UTF_8), content);
        } catch (RuntimeException e) {
            throw new MessageDecodeException("a metadata raft entry is cut short: " + e);
        }
    }

    /** The kind byte an entry starts with. */
    static byte kindOf(ByteBuffer entry) {
        return entry.get(entry.position());
    }
}

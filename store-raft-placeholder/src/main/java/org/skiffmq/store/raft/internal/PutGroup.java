package org.skiffmq.store.raft.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.store.PutResult;

/**
 * Several puts in one Raft log entry: the puts that reached the leader while earlier entries
 * were on their way ({@link ProposalBatcher}). Every member applies them in order, each as if it
 * were an entry of its own, and the leader hands each put its own result.
 *
 * <pre>
 *   byte  kind (3)
 *   int   count
 *   count × (int length, a {@link PutCommand}'s bytes)
 * </pre>
 *
 * The reply is the count, then each put's {@link PutReply} back to back.
 */
final class PutGroup {
    static final byte KIND = 3;

    private PutGroup() {
    }

    static byte[] encode(List<byte[]> commands) {
        int size = 1 + 4;
        for (byte[] c : commands) {
            size += 4 + c.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(KIND).putInt(commands.size());
        for (byte[] c : commands) {
            buf.putInt(c.length).put(c);
        }
        return buf.array();
    }

    /**
     * The puts of a group entry.
     *
     * @throws MessageDecodeException when the bytes are not a group this version wrote
     */
    static List<PutCommand> decode(ByteBuffer buf) {
        try {
            if (buf.get() != KIND) {
                throw new MessageDecodeException("a raft entry is not a group of puts");
            }
            int count = buf.getInt();
            if (count < 1 || count > buf.remaining()) {
                throw new MessageDecodeException("a raft entry claims a group of " + count + " puts");
            }
            List<PutCommand> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = buf.getInt();
                if (length < 0 || length > buf.remaining()) {
                    throw new MessageDecodeException("put " + i + " of a raft entry claims " + length + " bytes");
                }
                ByteBuffer one = buf.slice(buf.position(), length);
                buf.position(buf.position() + length);
                commands.add(PutCommand.decode(one));
            }
            if (buf.hasRemaining()) {
                throw new MessageDecodeException("a raft entry has " + buf.remaining() + " bytes after its puts");
            }
            return commands;
        } catch (java.nio.BufferUnderflowException e) {
            throw new MessageDecodeException("a raft entry of puts is cut short");
        }
    }

    static byte[] encodeReplies(List<PutResult> results) {
        List<byte[]> replies = new ArrayList<>(results.size());
        int size = 4;
        for (PutResult r : results) {
            byte[] b = PutReply.encode(r);
            replies.add(b);
            size += b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size).putInt(results.size());
        replies.forEach(buf::put);
        return buf.array();
    }

    static List<PutResult> decodeReplies(ByteBuffer buf) {
        int count = buf.getInt();
        List<PutResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(PutReply.decode(buf));
        }
        return results;
    }
}

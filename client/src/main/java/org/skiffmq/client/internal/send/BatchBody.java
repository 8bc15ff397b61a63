package org.skiffmq.client.internal.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.skiffmq.api.message.Message;

/**
 * SEND_BATCH_MESSAGE's body: the messages back to back, each as
 *
 * <pre>
 * +-----------+-----------+---------+------+----------+------+-----------+------------+
 * | TOTALSIZE | MAGICCODE | BODYCRC | FLAG | body len | body | props len | properties |
 * | 4         | 4 (0)     | 4 (0)   | 4    | 4        | n    | 2         | p          |
 * +-----------+-----------+---------+------+----------+------+-----------+------------+
 * </pre>
 *
 * TOTALSIZE counts the whole element; the broker ignores MAGICCODE and BODYCRC. Each element
 * carries its own properties (with its own UNIQ_KEY), so every message keeps its id.
 */
final class BatchBody {
    private static final int FIXED_SIZE = 4 + 4 + 4 + 4 + 4 + 2;

    private BatchBody() {
    }

    /** @throws IllegalArgumentException when a message's properties exceed 32 767 bytes */
    static byte[] encode(List<Message> messages) {
        byte[][] properties = new byte[messages.size()][];
        int total = 0;
        for (int i = 0; i < messages.size(); i++) {
            properties[i] = SendRequests.properties(messages.get(i)).getBytes(StandardCharsets.UTF_8);
            if (properties[i].length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("message " + i + " of the batch has " + properties[i].length
                        + " bytes of properties; at most " + Short.MAX_VALUE + " are allowed");
            }
            total += FIXED_SIZE + messages.get(i).getBody().length + properties[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            byte[] body = message.getBody();
            out.putInt(FIXED_SIZE + body.length + properties[i].length);
            out.putInt(0);
            out.putInt(0);
            out.putInt(message.getFlag());
            out.putInt(body.length);
            out.put(body);
            out.putShort((short) properties[i].length);
            out.put(properties[i]);
        }
        return out.array();
    }
}

package org.skiffmq.kernel.broker.send;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.Message;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.MessageProperties;

/**
 * Splits a SEND_BATCH_MESSAGE body into its messages.
 *
 * <pre>
 * +-----------+---------------+-------------+------+----------+------+-----------+------------+
 * | TOTALSIZE | MAGIC (0,     | BODYCRC (0, | FLAG | BODY LEN | BODY | PROPS LEN | PROPERTIES |
 * |     4     |  ignored) 4   | ignored) 4  |  4   |    4     |  n   |     2     |     p      |
 * +-----------+---------------+-------------+------+----------+------+-----------+------------+
 * </pre>
 * repeated until the body ends. Every length is checked against what is left, so a malformed
 * body fails with a {@link MessageDecodeException} naming the element and field.
 */
final class BatchBodyDecoder {

    private BatchBodyDecoder() {
    }

    static List<Message> decode(byte[] body) {
        List<Message> messages = new ArrayList<>();
        if (body == null) {
            return messages;
        }
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
            int index = messages.size();
            if (buf.remaining() < 4 + 4 + 4 + 4 + 4 + 2) {
                throw new MessageDecodeException("batch element " + index + " is truncated: " + buf.remaining()
                        + " bytes left");
            }
            int start = buf.position();
            int totalSize = buf.getInt();
            if (totalSize < 22 || totalSize > buf.remaining() + 4) {
                throw new MessageDecodeException("batch element " + index + " has TOTALSIZE " + totalSize + " but "
                        + (buf.remaining() + 4) + " bytes are left");
            }
            buf.getInt();
            buf.getInt();
            Message m = new Message();
            m.setFlag(buf.getInt());
            int bodyLength = buf.getInt();
            if (bodyLength < 0 || bodyLength > start + totalSize - buf.position() - 2) {
                throw new MessageDecodeException("batch element " + index + " has body length " + bodyLength
                        + " beyond its TOTALSIZE " + totalSize);
            }
            byte[] messageBody = new byte[bodyLength];
            buf.get(messageBody);
            m.setBody(messageBody);
            int propertiesLength = buf.getShort() & 0xFFFF;
            if (buf.position() + propertiesLength != start + totalSize) {
                throw new MessageDecodeException("batch element " + index + " has properties length "
                        + propertiesLength + " that does not end at its TOTALSIZE " + totalSize);
            }
            m.setProperties(MessageProperties.decode(body, buf.position(), propertiesLength));
            buf.position(start + totalSize);
            messages.add(m);
        }
        return messages;
    }
}

package org.skiffmq.client.internal.consume;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.skiffmq.api.message.MessageDecodeException;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.client.internal.instance.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a FOUND pull answer's body (stored records back to back) into the messages a listener
 * sees: records are decoded until the body ends (one that does not decode ends the batch, as in
 * RocketMQ's client); messages whose tag is not exactly one the subscription names are dropped
 * (the broker filtered by hash only); zlib bodies are inflated; and a message from the group's
 * retry topic gets its original topic back from {@code RETRY_TOPIC}.
 */
final class PullBody {
    private static final Logger LOG = LoggerFactory.getLogger(PullBody.class);
    private static final int ZLIB_TYPE = 3 << 8;

    private PullBody() {
    }

    /**
     * @param retryTopic the group's retry topic, whose messages get their original topic back
     * @return the messages to consume, in queue order
     */
    static List<StoredMessage> decode(byte[] body, Subscription subscription, String retryTopic) {
        List<StoredMessage> messages = new ArrayList<>();
        if (body == null) {
            return messages;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.hasRemaining()) {
            StoredMessage m;
            try {
                m = StoredMessageCodec.decode(buffer, false);
            } catch (MessageDecodeException e) {
                LOG.warn("A pulled record of {} does not decode ({}); the rest of this answer is skipped",
                        subscription.topic(), e.getMessage());
                break;
            }
            if (!subscription.accepts(m.getTags())) {
                continue;
            }
            inflate(m);
            String originalTopic = m.getProperty(MessageProperties.RETRY_TOPIC);
            if (originalTopic != null && retryTopic.equals(m.getTopic())) {
                m.setTopic(originalTopic);
            }
            messages.add(m);
        }
        return messages;
    }

    /** Inflates a zlib body (RocketMQ 4.x marks it with the COMPRESSED bit alone, 5.x adds type 3). */
    private static void inflate(StoredMessage m) {
        int sysFlag = m.getSysFlag();
        if ((sysFlag & MessageSysFlag.COMPRESSED) == 0 || m.getBody() == null) {
            return;
        }
        int type = sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK;
        if (type != 0 && type != ZLIB_TYPE) {
            LOG.warn("Message {} of {} is compressed with type {} (LZ4 or ZSTD), which this client cannot inflate;"
                    + " it is handed over compressed", m.getMsgId(), m.getTopic(), type >> 8);
            return;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(m.getBody());
            ByteArrayOutputStream out = new ByteArrayOutputStream(m.getBody().length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("the zlib stream ends early");
                }
                out.write(chunk, 0, n);
            }
            m.setBody(out.toByteArray());
            m.setSysFlag(sysFlag & ~(MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_TYPE_MASK));
        } catch (DataFormatException e) {
            LOG.warn("Message {} of {} says its body is zlib but it does not inflate ({}); handed over as stored",
                    m.getMsgId(), m.getTopic(), e.getMessage());
        } finally {
            inflater.end();
        }
    }
}

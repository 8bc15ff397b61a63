package org.skiffmq.client.it;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.GetStatus;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;

/** Reads what a broker stored, through the store SPI, the way a consumer's pull would see it. */
final class StoreContents {

    private StoreContents() {
    }

    /** Every message of one queue, in queue order. */
    static List<StoredMessage> queue(MessageStore store, String topic, int queueId) {
        List<StoredMessage> messages = new ArrayList<>();
        long offset = store.minQueueOffset(topic, queueId);
        long max = store.maxQueueOffset(topic, queueId);
        while (offset < max) {
            GetResult got = store.getMessages(topic, queueId, offset, 32, 1 << 22, MessageFilter.ALL);
            if (got.status() != GetStatus.FOUND) {
                throw new AssertionError("reading " + topic + "/" + queueId + "@" + offset + ": " + got.status());
            }
            for (ByteBuffer record : got.messages()) {
                messages.add(StoredMessageCodec.decode(record.duplicate()));
            }
            offset = got.nextBeginOffset();
        }
        return messages;
    }

    /** Every message of a topic, queue by queue (queues 0..15). */
    static List<StoredMessage> topic(MessageStore store, String topic) {
        List<StoredMessage> all = new ArrayList<>();
        for (int queue = 0; queue < 16; queue++) {
            all.addAll(queue(store, topic, queue));
        }
        return all;
    }
}

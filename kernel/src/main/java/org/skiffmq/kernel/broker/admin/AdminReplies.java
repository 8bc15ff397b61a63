package org.skiffmq.kernel.broker.admin;

import org.skiffmq.api.message.StoredMessageCodec;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.ResponseCode;
import org.skiffmq.api.store.GetResult;
import org.skiffmq.api.store.MessageFilter;
import org.skiffmq.api.store.MessageStore;

/** What the admin processors share: a SUCCESS with a body, and a queue entry's store time. */
final class AdminReplies {
    private AdminReplies() {
    }

    static RemotingCommand ok(byte[] body) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);
        response.setBody(body);
        return response;
    }

    /** When the message at {@code queueOffset} of the queue was stored; 0 when there is none. */
    static long storeTimeAt(MessageStore store, String topic, int queueId, long queueOffset) {
        GetResult got = store.getMessages(topic, queueId, queueOffset, 1, 1 << 20, MessageFilter.ALL);
        if (got.messages().isEmpty()) {
            return 0;
        }
        return StoredMessageCodec.decode(got.messages().get(0).duplicate(), false).getStoreTimestamp();
    }
}

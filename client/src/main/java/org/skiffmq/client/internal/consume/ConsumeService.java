package org.skiffmq.client.internal.consume;

import java.util.List;
import org.skiffmq.api.message.StoredMessage;

/** Hands pulled messages to the user's listener on the consume threads and commits what it consumed. */
interface ConsumeService {

    /** Called on the pull thread after {@code messages} were added to the queue's unconsumed messages. */
    void submit(QueueState queue, List<StoredMessage> messages);

    /**
     * Lets listener calls in progress finish (their offsets count), drops the ones not started
     * (their messages come again after a restart or rebalance) and stops the consume threads.
     */
    void shutdown();
}

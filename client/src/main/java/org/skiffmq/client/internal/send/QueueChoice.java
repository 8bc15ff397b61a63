package org.skiffmq.client.internal.send;

import org.skiffmq.api.message.MessageQueue;
import org.skiffmq.client.ClientException;
import org.skiffmq.client.internal.route.PublishInfo;

/** Picks the queue of each attempt: the fault strategy, or a user's selector. */
@FunctionalInterface
interface QueueChoice {

    /**
     * @param lastFailedBroker the broker of this send's previous failed attempt, or null
     * @throws ClientException when the chooser returns no queue of the topic
     */
    MessageQueue choose(PublishInfo info, String lastFailedBroker) throws ClientException;
}

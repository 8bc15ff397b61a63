package org.skiffmq.client.consumer;

/** How a consumer group shares a topic's messages. */
public enum MessageModel {
    /** The group's members split the queues: each message is consumed by one member; offsets live on the broker. */
    CLUSTERING,
    /** Every member consumes every message; each keeps its offsets in a local file. */
    BROADCASTING
}

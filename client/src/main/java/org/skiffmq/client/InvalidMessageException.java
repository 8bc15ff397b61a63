package org.skiffmq.client;

/**
 * The client refused a message before sending it (RocketMQ's client-side checks: topic name,
 * body present and within the size limit, batch rules). Nothing was sent; fix the message.
 */
public class InvalidMessageException extends ClientException {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }
}

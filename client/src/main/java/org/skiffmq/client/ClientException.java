package org.skiffmq.client;

/**
 * Something a producer call could not do. The subclasses say whether the message, the broker or
 * the route was at fault; the message always says what went wrong and what to do about it.
 */
public class ClientException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}

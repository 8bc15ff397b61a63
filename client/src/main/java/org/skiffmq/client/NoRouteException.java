package org.skiffmq.client;

/**
 * No broker could be found for a topic: the name servers did not answer, or know neither the
 * topic nor the auto-create template topic, or the route has no writable queue.
 */
public class NoRouteException extends ClientException {
    private static final long serialVersionUID = 1L;

    public NoRouteException(String message) {
        super(message);
    }

    public NoRouteException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.skiffmq.api.remoting;

/** A Remoting call failed: see the subclasses for connect, send and timeout failures. */
public class RemotingException extends Exception {
    private static final long serialVersionUID = 1L;

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}

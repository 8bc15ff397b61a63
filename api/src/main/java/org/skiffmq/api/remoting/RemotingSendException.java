package org.skiffmq.api.remoting;

/** The request could not be written to the connection (it broke or closed). */
public class RemotingSendException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingSendException(String address, Throwable cause) {
        super("send to " + address + " failed" + reason(cause), cause);
    }

    /** Why, in words: a closed channel's exception has no message of its own. */
    private static String reason(Throwable cause) {
        if (cause == null) {
            return "";
        }
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            return ": the connection is closed";
        }
        return ": " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }
}

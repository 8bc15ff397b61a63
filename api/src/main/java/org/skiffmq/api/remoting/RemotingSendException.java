package org.skiffmq.api.remoting;

/** The request could not be written to the connection (it broke or closed). */
public class RemotingSendException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingSendException(String address, Throwable cause) {
        super("send to " + address + " failed" + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}

package org.skiffmq.api.remoting;

/** No connection could be made to the address. */
public class RemotingConnectException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingConnectException(String address, Throwable cause) {
        super("connect to " + address + " failed" + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}

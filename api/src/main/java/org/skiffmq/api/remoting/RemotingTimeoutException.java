package org.skiffmq.api.remoting;

/** No response arrived within the call's timeout. */
public class RemotingTimeoutException extends RemotingException {
    private static final long serialVersionUID = 1L;

    public RemotingTimeoutException(String address, long timeoutMillis) {
        super("no response from " + address + " within " + timeoutMillis + " ms");
    }
}

package org.skiffmq.api.access;

import java.net.InetSocketAddress;
import org.skiffmq.api.remoting.RemotingCommand;

/**
 * One request to decide.
 *
 * @param server  which server received it: {@link #BROKER} or {@link #NAME_SERVER}
 * @param remote  the caller's address, or null when the transport cannot tell it (refuse then)
 * @param command the request as received, with its signature fields; do not change it
 * @param access  what the request needs: the role and the topics and groups it touches
 */
public record AccessRequest(String server, InetSocketAddress remote, RemotingCommand command, RequestAccess access) {
    public static final String BROKER = "broker";
    public static final String NAME_SERVER = "namesrv";
}

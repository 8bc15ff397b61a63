package org.skiffmq.api.transport;

/**
 * Makes Remoting servers and clients. Found by {@link #name()} (e.g. {@code netty}) through
 * ServiceLoader or a plugin; one provider may make any number of servers and clients.
 */
public interface TransportProvider {

    /** The stable name configuration uses to pick this transport. */
    String name();

    /** A server that is not yet listening: register processors, then {@link RemotingServer#start()}. */
    RemotingServer createServer(ServerConfig config);

    /** A client that is not yet started. */
    RemotingClient createClient(ClientConfig config);
}

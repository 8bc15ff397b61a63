package org.skiffmq.api.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.skiffmq.api.remoting.RemotingCommand;

/** One connection, as a processor sees it. Thread-safe. */
public interface RemotingChannel {

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** The peer as {@code ip:port}. */
    String remoteAddressString();

    /**
     * Answers {@code request} with {@code response}: copies the opaque, sets the response flag,
     * and writes nothing when the request was one-way.
     */
    void writeResponse(RemotingCommand request, RemotingCommand response);

    /** Sends a one-way request to the peer (e.g. NOTIFY_CONSUMER_IDS_CHANGED); never blocks. */
    void sendOneway(RemotingCommand request);

    /** Sends a request to the peer and completes with its response, or exceptionally on timeout. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis);

    boolean isActive();

    void close();
}

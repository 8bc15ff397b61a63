package org.skiffmq.api.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.skiffmq.api.remoting.RemotingCommand;
import org.skiffmq.api.remoting.RemotingException;

/**
 * A Remoting client: one connection per server address ({@code ip:port}), made on first use and
 * shared by every call to that address. Thread-safe.
 */
public interface RemotingClient {

    void start();

    /**
     * Sends a request and waits for its response.
     *
     * @throws org.skiffmq.api.remoting.RemotingConnectException no connection
     * @throws org.skiffmq.api.remoting.RemotingSendException    the write failed
     * @throws org.skiffmq.api.remoting.RemotingTimeoutException no response in time
     */
    RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException;

    /** Sends a request; the future completes with the response or a {@link RemotingException}. */
    CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, long timeoutMillis);

    /** Sends a request marked one-way; returns once it is written (or fails). */
    void invokeOneway(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException;

    /** Registers the processor of a request code the servers may send to this client. */
    void registerProcessor(int requestCode, RequestProcessor processor, Executor executor);

    void addChannelListener(ChannelListener listener);

    /** Closes the connection to an address, if any (the next call reconnects). */
    void closeConnection(String address);

    /** Closes every connection and releases threads; idempotent. */
    void shutdown();
}

package org.skiffmq.api.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.skiffmq.api.remoting.RemotingException;

/**
 * A Remoting server: decodes frames, hands each request to the processor of its code on that
 * processor's executor, writes responses. Unregistered codes are answered
 * REQUEST_CODE_NOT_SUPPORTED; a request whose executor rejects it is answered SYSTEM_BUSY.
 * A malformed frame closes only its own connection.
 */
public interface RemotingServer {

    /** Registers the processor of one request code; call before {@link #start()}. */
    void registerProcessor(int requestCode, RequestProcessor processor, Executor executor);

    void addChannelListener(ChannelListener listener);

    /**
     * Registers the observer told of every answer written (call before {@link #start()}). A
     * transport that cannot time its answers keeps this default, and the broker then has no
     * request-latency metrics.
     */
    default void setResponseObserver(ResponseObserver observer) {
    }

    /**
     * Binds and starts serving.
     *
     * @throws RemotingException naming the address when it cannot be bound
     */
    void start() throws RemotingException;

    /** The bound address (after start). */
    InetSocketAddress localAddress();

    /** Stops accepting, closes every connection and releases threads; idempotent. */
    void shutdown();
}

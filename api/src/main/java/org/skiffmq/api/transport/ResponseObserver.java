package org.skiffmq.api.transport;

/**
 * Told of every answer a server writes, with how long the request took from its arrival: what the
 * broker's request-latency metrics are made of. Called on the thread that answers; it must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface ResponseObserver {
    ResponseObserver NONE = (requestCode, responseCode, longPolled, latencyNanos) -> {
    };

    /**
     * @param longPolled whether the server held the request before answering (a long-polling
     *                   pull, see {@link org.skiffmq.api.remoting.RemotingCommand#markSuspended()})
     */
    void answered(int requestCode, int responseCode, boolean longPolled, long latencyNanos);
}

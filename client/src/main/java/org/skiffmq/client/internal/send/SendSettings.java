package org.skiffmq.client.internal.send;

import org.skiffmq.api.fault.FaultStrategy;
import org.skiffmq.client.internal.instance.ClientInstance;

/**
 * One producer's send configuration and collaborators.
 *
 * @param group        the producer group, header {@code a}
 * @param instance     the shared client instance: connections, routes, async threads
 * @param fault        picks queues and learns from each attempt
 * @param hooks        the client send hooks
 * @param retries      extra attempts after a failed one (sync and async sends; one-way never retries)
 * @param maxBodySize  largest body (or encoded batch) the producer sends
 * @param compressOver bodies of at least this many bytes are sent zlib-compressed
 */
public record SendSettings(String group, ClientInstance instance, FaultStrategy fault, SendHookChain hooks,
        int retries, int maxBodySize, int compressOver) {
}

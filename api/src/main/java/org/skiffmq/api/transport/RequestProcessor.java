package org.skiffmq.api.transport;

import org.skiffmq.api.remoting.RemotingCommand;

/**
 * Handles the requests of one or more request codes, on the executor it was registered with.
 */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * Handles one request. Returns the response for the transport to write, or null when there
     * is none yet (the processor answers later with {@link RemotingChannel#writeResponse}) or
     * when the request is one-way. An exception is answered with SYSTEM_ERROR and its message.
     */
    RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception;
}

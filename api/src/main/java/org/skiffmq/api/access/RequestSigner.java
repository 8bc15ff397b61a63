package org.skiffmq.api.access;

import org.skiffmq.api.remoting.RemotingCommand;

/** Signs a request just before it is sent: adds the credential fields to its ext fields. */
@FunctionalInterface
public interface RequestSigner {
    void sign(RemotingCommand request);
}

package org.skiffmq.kernel.access;

import java.net.InetSocketAddress;
import org.skiffmq.api.transport.RemotingChannel;

/**
 * Which callers may change the broker while there is no access control: those on its own
 * machine. A caller whose address cannot be told is not one of them (fail closed).
 */
public final class LocalCallers {
    private LocalCallers() {
    }

    public static boolean isLocal(RemotingChannel channel) {
        InetSocketAddress remote = channel == null ? null : channel.remoteAddress();
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }
}

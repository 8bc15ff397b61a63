package org.skiffmq.api.transport;

/** Connection events, called on a transport thread: keep them short. */
public interface ChannelListener {

    default void onConnect(RemotingChannel channel) {
    }

    /** The connection closed, for whatever reason. */
    default void onClose(RemotingChannel channel) {
    }

    /** No traffic for the idle timeout; the transport closes the channel after this. */
    default void onIdle(RemotingChannel channel) {
    }
}

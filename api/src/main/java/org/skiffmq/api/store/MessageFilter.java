package org.skiffmq.api.store;

/** Decides from a consume-queue entry's tag hash whether a read should return the message. */
@FunctionalInterface
public interface MessageFilter {

    /** Lets every message through. */
    MessageFilter ALL = tagsCode -> true;

    boolean matches(long tagsCode);
}

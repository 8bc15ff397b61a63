package org.skiffmq.api.access;

import java.util.List;

/**
 * What a request needs to be allowed, as the kernel classifies it from its code, header and body.
 *
 * @param code      the request code
 * @param role      who may make it at all: see {@link Role}
 * @param resources the topics and groups the request publishes to or subscribes from; each must
 *                  be allowed too
 */
public record RequestAccess(int code, Role role, List<ResourceAccess> resources) {

    public RequestAccess {
        resources = List.copyOf(resources);
    }

    /** The kinds of caller a request is meant for, from the most common to the most trusted. */
    public enum Role {
        /** Producers' and consumers' requests: sends, pulls, offsets, heartbeats, route look-ups. */
        USER,
        /** Reads of the broker's state for operators: stats, lists, configuration, a message by id. */
        MONITOR,
        /** A broker joining or leaving a name server's routes. */
        BROKER,
        /** Changes to topics, groups, offsets, the configuration or the plugins. */
        ADMIN
    }
}

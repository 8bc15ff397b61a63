package org.skiffmq.api.access;

import java.util.Objects;

/**
 * What an {@link AccessControl} decided about one request.
 *
 * @param allowed whether the request may run
 * @param reason  why it may not: shown to the caller in the NO_PERMISSION remark, so it names the
 *                user, resource or check that failed and never a secret; empty when allowed
 */
public record AccessDecision(boolean allowed, String reason) {
    private static final AccessDecision ALLOW = new AccessDecision(true, "");

    public AccessDecision {
        Objects.requireNonNull(reason, "reason");
    }

    public static AccessDecision allow() {
        return ALLOW;
    }

    public static AccessDecision deny(String reason) {
        return new AccessDecision(false, reason);
    }
}

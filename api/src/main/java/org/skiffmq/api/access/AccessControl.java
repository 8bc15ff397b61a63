package org.skiffmq.api.access;

import java.util.Optional;

/**
 * Access control: decides, before a request's processor runs, whether the caller may make it.
 * The kernel classifies every request it serves ({@link RequestAccess}: which role and which
 * topics and groups it touches) and asks the one access control named in the configuration
 * ({@code access: { control: <name> }}); a request it refuses is answered NO_PERMISSION with the
 * decision's reason and never reaches its processor. Found by {@link #name()} through
 * ServiceLoader or a plugin; it may take settings by also implementing
 * {@link org.skiffmq.api.settings.Configurable}.
 *
 * <p>Implementations must fail closed: a request that cannot be decided (no address, an unknown
 * user, a file that cannot be read) is refused, never allowed.
 */
public interface AccessControl {

    /** The stable name configuration uses to pick this access control. */
    String name();

    /**
     * Decides one request. Called on the thread that would run the request's processor, for every
     * request, so it should answer from memory. Must not throw: a request it cannot judge is
     * {@link AccessDecision#deny denied} with the reason.
     */
    AccessDecision check(AccessRequest request);

    /**
     * How the broker signs the requests it sends itself (its registration with the name servers),
     * so that a name server under the same access control lets it in. Empty when this access
     * control has no credentials for the broker; the broker then refuses to start, since its own
     * name server would refuse it.
     */
    default Optional<RequestSigner> brokerSigner() {
        return Optional.empty();
    }
}

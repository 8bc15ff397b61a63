package org.skiffmq.kernel.config;

/**
 * {@code access:} who may make which request, on the broker and its embedded name server.
 *
 * @param control the name of the access control extension that decides every request (for
 *                instance {@code plain-acl}, with its own section for its settings); absent, access
 *                control is off: every client request is served, and admin requests only to callers
 *                on the broker's own machine
 */
public record AccessSection(String control) {

    public AccessSection {
        if (control != null && control.isBlank()) {
            throw new IllegalArgumentException("access.control is empty: name an access control extension"
                    + " (e.g. plain-acl) or leave the key out to turn access control off");
        }
    }

    public static AccessSection defaults() {
        return new AccessSection(null);
    }

    public boolean enabled() {
        return control != null;
    }
}

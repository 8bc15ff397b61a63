package org.skiffmq.api.access;

import java.util.Objects;

/**
 * One topic or consumer group a request uses, and how.
 *
 * @param type       topic or group
 * @param name       its name as the request gives it (a retry topic {@code %RETRY%g} is given as
 *                   group {@code g} with {@link Permission#SUB})
 * @param permission publish or subscribe
 */
public record ResourceAccess(Type type, String name, Permission permission) {

    public ResourceAccess {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permission, "permission");
    }

    public enum Type {
        TOPIC, GROUP
    }

    public enum Permission {
        PUB, SUB
    }

    public static ResourceAccess topic(String name, Permission permission) {
        return new ResourceAccess(Type.TOPIC, name, permission);
    }

    public static ResourceAccess group(String name) {
        return new ResourceAccess(Type.GROUP, name, Permission.SUB);
    }

    @Override
    public String toString() {
        return permission + " on " + type.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
    }
}

package org.skiffmq.plugin.plainacl;

import java.util.Locale;
import org.skiffmq.api.access.ResourceAccess.Permission;

/** A permission as {@code plain_acl.yml} writes it: DENY, PUB, SUB, PUB|SUB (or SUB|PUB). */
enum Perm {
    DENY, PUB, SUB, PUB_SUB;

    static Perm parse(String text, String where) {
        if (text == null) {
            throw new IllegalArgumentException(where + " has no permission; use DENY, PUB, SUB or PUB|SUB");
        }
        return switch (text.trim().toUpperCase(Locale.ROOT).replace(" ", "")) {
            case "DENY" -> DENY;
            case "PUB" -> PUB;
            case "SUB" -> SUB;
            case "PUB|SUB", "SUB|PUB" -> PUB_SUB;
            default -> throw new IllegalArgumentException(where + " has the permission '" + text
                    + "'; use DENY, PUB, SUB or PUB|SUB");
        };
    }

    boolean allows(Permission permission) {
        return this == PUB_SUB || permission == Permission.PUB && this == PUB || permission == Permission.SUB && this == SUB;
    }
}

package org.skiffmq.plugin.plainacl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One account's permissions on topics (or on groups): {@code name=PERM} entries, where a name
 * ending in {@code *} is a prefix. An exact name wins over prefixes, a longer prefix over a
 * shorter one, and the default covers the rest.
 */
final class ResourcePerms {
    private final Map<String, Perm> exact = new HashMap<>();
    private final List<Map.Entry<String, Perm>> prefixes = new ArrayList<>();
    private final Perm fallback;

    ResourcePerms(List<String> entries, Perm fallback, String where) {
        this.fallback = fallback;
        for (String entry : entries == null ? List.<String>of() : entries) {
            int eq = entry == null ? -1 : entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + " has the entry '" + entry + "'; write name=PERM, e.g."
                        + " orders=PUB|SUB or orders-*=SUB");
            }
            String name = entry.substring(0, eq).trim();
            Perm perm = Perm.parse(entry.substring(eq + 1), where + " entry '" + entry + "'");
            if (name.endsWith("*")) {
                prefixes.add(Map.entry(name.substring(0, name.length() - 1), perm));
            } else if (exact.put(name, perm) != null) {
                throw new IllegalArgumentException(where + " names '" + name + "' twice");
            }
        }
        prefixes.sort(Comparator.comparingInt((Map.Entry<String, Perm> e) -> e.getKey().length()).reversed());
    }

    Perm of(String name) {
        Perm perm = exact.get(name);
        if (perm != null) {
            return perm;
        }
        for (Map.Entry<String, Perm> prefix : prefixes) {
            if (name.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return fallback;
    }
}

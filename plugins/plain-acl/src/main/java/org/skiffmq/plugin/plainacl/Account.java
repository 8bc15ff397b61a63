package org.skiffmq.plugin.plainacl;

import java.net.InetAddress;
import org.skiffmq.api.access.ResourceAccess;

/** One user of {@code plain_acl.yml}: its keys, where it may connect from, and what it may do. */
record Account(String accessKey, String secretKey, AddressPattern addresses, boolean admin, ResourcePerms topics,
        ResourcePerms groups) {

    boolean mayConnectFrom(InetAddress address) {
        return addresses.matches(address);
    }

    /** Admin accounts may use every topic and group; the others as their permissions say. */
    boolean allows(ResourceAccess resource) {
        if (admin) {
            return true;
        }
        Perm perm = resource.type() == ResourceAccess.Type.TOPIC ? topics.of(resource.name()) : groups.of(resource.name());
        return perm.allows(resource.permission());
    }

    @Override
    public String toString() {
        return "Account[" + accessKey + (admin ? ", admin" : "") + "]"; // never the secret
    }
}

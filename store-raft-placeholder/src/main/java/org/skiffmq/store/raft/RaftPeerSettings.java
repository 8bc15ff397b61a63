package org.skiffmq.store.raft;

import java.util.regex.Pattern;

/**
 * One member of a raft store's group: {@code { id: n0, address: 127.0.0.1:40911 }}. The address
 * is where the member's Raft server listens (not its broker port).
 *
 * @param id      the member's name, unique in the group: letters, digits, '.', '_' or '-'
 * @param address {@code host:port} of its Raft server
 */
public record RaftPeerSettings(String id, String address) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public RaftPeerSettings {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("store.peers: every peer needs an id of 1 to 64 letters, digits, '.',"
                    + " '_' or '-'; was " + (id == null ? "none" : "'" + id + "'"));
        }
        if (address == null) {
            throw new IllegalArgumentException("store.peers: peer " + id + " needs an address, host:port of its Raft"
                    + " server");
        }
        int colon = address.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("store.peers: the address of peer " + id + " must be host:port with a"
                    + " port from 1 to 65535; was '" + address + "'");
        }
    }

    public String host() {
        return address.substring(0, address.lastIndexOf(':'));
    }

    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}

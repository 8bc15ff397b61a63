package org.skiffmq.api.store;

/**
 * Where this broker stands in its store's replica group, as the name servers are told: the
 * master takes sends and registers as brokerId 0, the others register under their own non-zero
 * ids. {@code term} grows with every change of master and goes into the registration's state
 * version, so a name server refuses a stale master that registers late.
 *
 * @param master   whether this broker takes sends now
 * @param brokerId 0 for the master, this broker's own non-zero id otherwise
 * @param term     the group's current election term; 0 for a store that does not replicate
 */
public record ReplicaRole(boolean master, long brokerId, long term) {

    /** A store of one copy: always the master. */
    public static final ReplicaRole STANDALONE = new ReplicaRole(true, 0, 0);

    public ReplicaRole {
        if (master != (brokerId == 0)) {
            throw new IllegalArgumentException("the master, and only the master, is brokerId 0; was master=" + master
                    + ", brokerId=" + brokerId);
        }
    }
}

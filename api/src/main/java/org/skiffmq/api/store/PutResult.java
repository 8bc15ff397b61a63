package org.skiffmq.api.store;

/**
 * The outcome of a put. For a batch, {@code physicalOffsets} has one entry per message, the
 * messages took consecutive queue offsets from {@code queueOffset}.
 *
 * @param status          how it ended
 * @param physicalOffsets commit-log offset of each stored message (empty when nothing was stored)
 * @param queueOffset     consume-queue offset of the (first) message, or -1
 * @param storeTimestamp  the store time written into the record(s)
 * @param detail          why it failed, for the producer's remark; null on success
 */
public record PutResult(PutStatus status, long[] physicalOffsets, long queueOffset, long storeTimestamp,
        String detail) {

    private static final long[] NONE = new long[0];

    public static PutResult failed(PutStatus status, String detail) {
        return new PutResult(status, NONE, -1, 0, detail);
    }

    public boolean isOk() {
        return status == PutStatus.PUT_OK;
    }

    /** Whether the message(s) reached the commit log (true also on a flush timeout). */
    public boolean isStored() {
        return physicalOffsets.length > 0;
    }

    public PutResult withStatus(PutStatus newStatus, String newDetail) {
        return new PutResult(newStatus, physicalOffsets, queueOffset, storeTimestamp, newDetail);
    }
}

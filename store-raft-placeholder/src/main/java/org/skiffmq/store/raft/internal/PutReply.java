package org.skiffmq.store.raft.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.skiffmq.api.store.PutResult;
import org.skiffmq.api.store.PutStatus;

/**
 * A put's result as the state machine hands it back through Ratis to the put waiting on the
 * leader: status, queue offset, store time, the physical offset of each message, the detail.
 */
final class PutReply {

    private PutReply() {
    }

    static byte[] encode(PutResult result) {
        byte[] detail = result.detail() == null ? new byte[0] : result.detail().getBytes(StandardCharsets.UTF_8);
        long[] offsets = result.physicalOffsets();
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 * offsets.length + 4 + detail.length);
        buf.put((byte) result.status().ordinal()).putLong(result.queueOffset()).putLong(result.storeTimestamp());
        buf.putInt(offsets.length);
        for (long offset : offsets) {
            buf.putLong(offset);
        }
        buf.putInt(detail.length).put(detail);
        return buf.array();
    }

    static PutResult decode(ByteBuffer buf) {
        PutStatus status = PutStatus.values()[buf.get()];
        long queueOffset = buf.getLong();
        long storeTimestamp = buf.getLong();
        long[] offsets = new long[buf.getInt()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = buf.getLong();
        }
        byte[] detail = new byte[buf.getInt()];
        buf.get(detail);
        return new PutResult(status, offsets, queueOffset, storeTimestamp,
                detail.length == 0 ? null : new String(detail, StandardCharsets.UTF_8));
    }
}

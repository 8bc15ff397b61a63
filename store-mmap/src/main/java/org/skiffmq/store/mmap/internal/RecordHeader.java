package org.skiffmq.store.mmap.internal;

import java.nio.ByteBuffer;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessageCodec;

/**
 * Single fields of a stored record read in place, without decoding it (see {@link StoredMessageCodec}
 * for the whole layout). The store time sits behind the born host, whose size the sysFlag gives:
 *
 * <pre>
 *   36        40              48                      56 (IPv4) / 68 (IPv6 born host)
 *   | SYSFLAG | BORNTIMESTAMP | BORNHOST 8 (0x10: 20) | STORETIMESTAMP (int64) | ...
 * </pre>
 *
 * Stateless; absolute reads only, so any thread may use it on a shared read view.
 */
final class RecordHeader {
    static final int SYSFLAG_POSITION = 36;
    static final int BORN_HOST_POSITION = 48;
    /** Bytes a record has at least up to and including its store time (IPv6 born host). */
    static final int MAX_STORE_TIMESTAMP_END = BORN_HOST_POSITION + 20 + 8;

    private RecordHeader() {
    }

    /** Whether a record (not a blank marker, not zeros) starts at {@code position}. */
    static boolean isRecord(ByteBuffer b, int position) {
        if (position + 8 > b.limit()) {
            return false;
        }
        int magic = b.getInt(position + 4);
        return magic == StoredMessageCodec.MAGIC_V1 || magic == StoredMessageCodec.MAGIC_V2;
    }

    /** The STORETIMESTAMP of the record starting at {@code position}. */
    static long storeTimestamp(ByteBuffer b, int position) {
        int sysFlag = b.getInt(position + SYSFLAG_POSITION);
        int bornHost = (sysFlag & MessageSysFlag.BORNHOST_V6) != 0 ? 20 : 8;
        return b.getLong(position + BORN_HOST_POSITION + bornHost);
    }
}

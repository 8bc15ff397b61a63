package org.skiffmq.kernel.broker.transaction;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import org.skiffmq.api.message.BrokerMessage;
import org.skiffmq.api.message.MessageProperties;
import org.skiffmq.api.message.MessageSysFlag;
import org.skiffmq.api.message.StoredMessage;
import org.skiffmq.api.message.StoredMessageCodec;

/**
 * RocketMQ's half messages: a transactional message is kept in {@link #HALF_TOPIC} (one queue),
 * its real topic and queue in properties, until its transaction ends. An outcome is an op record
 * in {@link #OP_TOPIC} whose body is the half message's queue offset.
 */
public final class HalfMessages {
    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Where a half message goes once it was checked the maximum number of times. */
    public static final String CHECK_MAX_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /** The group under which the check-back's progress through the half queue is kept. */
    public static final String CHECK_GROUP = "CID_RMQ_SYS_TRANS";
    public static final String TRANSACTION_ID = "__transactionId__";
    public static final String CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    public static final String CHECK_IMMUNITY_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    /** The op record's tag for a settled half message. */
    static final String OP_TAG = "d";

    private HalfMessages() {
    }

    /** Whether a send asks for a transaction: a half message. */
    public static boolean isPrepared(int sysFlag) {
        return MessageSysFlag.transactionType(sysFlag) == MessageSysFlag.TRANSACTION_PREPARED;
    }

    /** Turns a prepared message into its half message, in place: real topic and queue into properties. */
    public static void toHalf(BrokerMessage m) {
        m.putProperty(MessageProperties.REAL_TOPIC, m.getTopic());
        m.putProperty(MessageProperties.REAL_QID, Integer.toString(m.getQueueId()));
        if (m.getUniqKey() != null) {
            m.putProperty(TRANSACTION_ID, m.getUniqKey());
        }
        m.setSysFlag(m.getSysFlag() & ~MessageSysFlag.TRANSACTION_MASK);
        m.setTopic(HALF_TOPIC);
        m.setQueueId(0);
    }

    /**
     * The message a commit stores: the half message back in its real topic and queue, flagged as
     * committed, pointing at the half message's commit-log offset, no longer prepared.
     */
    static BrokerMessage committed(StoredMessage half) {
        BrokerMessage m = copy(half);
        m.setTopic(half.getProperty(MessageProperties.REAL_TOPIC));
        m.setQueueId(Integer.parseInt(half.getProperty(MessageProperties.REAL_QID)));
        m.removeProperty(MessageProperties.REAL_TOPIC);
        m.removeProperty(MessageProperties.REAL_QID);
        m.removeProperty(MessageProperties.TRAN_MSG);
        m.removeProperty(CHECK_TIMES);
        m.setSysFlag((half.getSysFlag() & ~MessageSysFlag.TRANSACTION_MASK) | MessageSysFlag.TRANSACTION_COMMIT);
        m.setPreparedTransactionOffset(half.getPhysicalOffset());
        return m;
    }

    /** The half message again, at the end of the half queue, with its check count. */
    static BrokerMessage again(StoredMessage half, int checks) {
        BrokerMessage m = copy(half);
        m.setTopic(HALF_TOPIC);
        m.setQueueId(0);
        m.putProperty(CHECK_TIMES, Integer.toString(checks));
        return m;
    }

    /** The half message set aside after its last check, in {@link #CHECK_MAX_TOPIC}. */
    static BrokerMessage setAside(StoredMessage half) {
        BrokerMessage m = copy(half);
        m.setTopic(CHECK_MAX_TOPIC);
        m.setQueueId(0);
        return m;
    }

    /** The op record saying the half message at {@code halfQueueOffset} has its outcome. */
    static BrokerMessage op(long halfQueueOffset, java.net.InetSocketAddress host, long now) {
        BrokerMessage m = new BrokerMessage();
        m.setTopic(OP_TOPIC);
        m.setQueueId(0);
        m.setTags(OP_TAG);
        m.setBody(Long.toString(halfQueueOffset).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        m.setBornTimestamp(now);
        m.setBornHost(host);
        m.setStoreHost(host);
        return m;
    }

    /** The half queue offsets an op record's body names (comma-separated decimals). */
    static long[] opOffsets(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (text.isEmpty()) {
            return new long[0];
        }
        return java.util.Arrays.stream(text.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    /**
     * The body of a CHECK_TRANSACTION_STATE request: the half message as a stored record, with its
     * real topic and queue, as the producer's check callback is to see it.
     */
    static byte[] checkBody(StoredMessage half) {
        BrokerMessage m = copy(half);
        m.setTopic(half.getProperty(MessageProperties.REAL_TOPIC));
        m.setQueueId(Integer.parseInt(half.getProperty(MessageProperties.REAL_QID)));
        StoredMessageCodec.Prepared p = StoredMessageCodec.prepare(m);
        ByteBuffer b = ByteBuffer.allocate(p.totalSize());
        StoredMessageCodec.write(b, p, half.getQueueOffset(), half.getPhysicalOffset(), half.getStoreTimestamp());
        return b.array();
    }

    private static BrokerMessage copy(StoredMessage half) {
        BrokerMessage m = new BrokerMessage();
        m.setProperties(new LinkedHashMap<>(half.getProperties()));
        m.setBody(half.getBody());
        m.setFlag(half.getFlag());
        m.setSysFlag(half.getSysFlag());
        m.setBornTimestamp(half.getBornTimestamp());
        m.setBornHost(half.getBornHost());
        m.setStoreHost(half.getStoreHost());
        m.setReconsumeTimes(half.getReconsumeTimes());
        return m;
    }
}

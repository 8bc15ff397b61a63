package org.skiffmq.api.message;

/**
 * A message as stored and read back: the broker message plus what the store assigned (queue
 * offset, physical offset, store time) and what the record carries (size, body CRC).
 */
public class StoredMessage extends BrokerMessage {
    private int storeSize;
    private int bodyCrc;
    private long queueOffset;
    private long physicalOffset;
    private long storeTimestamp;

    public int getStoreSize() {
        return storeSize;
    }

    public void setStoreSize(int storeSize) {
        this.storeSize = storeSize;
    }

    public int getBodyCrc() {
        return bodyCrc;
    }

    public void setBodyCrc(int bodyCrc) {
        this.bodyCrc = bodyCrc;
    }

    public long getQueueOffset() {
        return queueOffset;
    }

    public void setQueueOffset(long queueOffset) {
        this.queueOffset = queueOffset;
    }

    public long getPhysicalOffset() {
        return physicalOffset;
    }

    public void setPhysicalOffset(long physicalOffset) {
        this.physicalOffset = physicalOffset;
    }

    public long getStoreTimestamp() {
        return storeTimestamp;
    }

    public void setStoreTimestamp(long storeTimestamp) {
        this.storeTimestamp = storeTimestamp;
    }

    /** The offset message id (store host + physical offset), as the broker returns it on send. */
    public String getOffsetMsgId() {
        return MessageIds.offsetMsgId(getStoreHost(), physicalOffset);
    }

    /** RocketMQ's consumer-side msgId: the unique key when present, else the offset id. */
    public String getMsgId() {
        String uniq = getUniqKey();
        return uniq != null ? uniq : getOffsetMsgId();
    }
}

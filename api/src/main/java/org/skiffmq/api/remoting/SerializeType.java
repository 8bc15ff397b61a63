package org.skiffmq.api.remoting;

/** How a Remoting header is encoded: the high byte of the frame's header-length word. */
public enum SerializeType {
    JSON(0), ROCKETMQ(1);

    private final byte code;

    SerializeType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a header-length word's high byte, or null when it is neither. */
    public static SerializeType ofCode(int code) {
        return code == 0 ? JSON : code == 1 ? ROCKETMQ : null;
    }
}

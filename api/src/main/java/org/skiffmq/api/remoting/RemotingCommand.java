package org.skiffmq.api.remoting;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Remoting command, request or response: the header fields plus an opaque body. Requests and
 * responses match by {@link #getOpaque() opaque}. Not thread-safe: one thread builds a command,
 * then hands it over.
 */
public final class RemotingCommand {
    /** flag bit 0: this command is a response. */
    public static final int RESPONSE_FLAG = 0x1;
    /** flag bit 1: the sender expects no response. */
    public static final int ONEWAY_FLAG = 0x2;
    /** The version SkiffMQ reports: RocketMQ 5.2.0's ordinal, so clients enable current features. */
    public static final int CURRENT_VERSION = 453;

    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;
    private SerializeType serializeType = SerializeType.JSON;
    /** When a server received this request (System.nanoTime), 0 when unknown; never on the wire. */
    private long receivedNanos;
    /** Whether the server held this request before answering it (a long-polling pull); never on the wire. */
    private boolean suspended;

    /** A new request with the next process-wide opaque. */
    public static RemotingCommand request(int code) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.opaque = NEXT_OPAQUE.getAndIncrement();
        return cmd;
    }

    /** A response (opaque still to be set, usually by the transport from the request). */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.flag = RESPONSE_FLAG;
        return cmd;
    }

    /** A response to {@code request}: same opaque, response flag set. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand cmd = response(code, remark);
        cmd.opaque = request.opaque;
        return cmd;
    }

    /** When a server received this request ({@link System#nanoTime()}), or 0 when unknown. */
    public long receivedNanos() {
        return receivedNanos;
    }

    public void setReceivedNanos(long nanos) {
        this.receivedNanos = nanos;
    }

    /** Notes that the server holds this request to answer it later (a long-polling pull). */
    public void markSuspended() {
        this.suspended = true;
    }

    public boolean isSuspended() {
        return suspended;
    }

    public int getCode() {
        return code;
    }

    public void setCode(int code) {
        this.code = code;
    }

    public LanguageCode getLanguage() {
        return language;
    }

    public void setLanguage(LanguageCode language) {
        this.language = language;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    public int getOpaque() {
        return opaque;
    }

    public void setOpaque(int opaque) {
        this.opaque = opaque;
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    public RemotingCommand markResponse() {
        flag |= RESPONSE_FLAG;
        return this;
    }

    public RemotingCommand markOneway() {
        flag |= ONEWAY_FLAG;
        return this;
    }

    public String getRemark() {
        return remark;
    }

    public void setRemark(String remark) {
        this.remark = remark;
    }

    /** The header's ext fields, or null when the header had none. */
    public Map<String, String> getExtFields() {
        return extFields;
    }

    public void setExtFields(Map<String, String> extFields) {
        this.extFields = extFields;
    }

    /** Adds an ext field (creating the map); null values are not added. */
    public RemotingCommand putExt(String key, String value) {
        if (value != null) {
            if (extFields == null) {
                extFields = new HashMap<>();
            }
            extFields.put(key, value);
        }
        return this;
    }

    public RemotingCommand putExt(String key, long value) {
        return putExt(key, Long.toString(value));
    }

    /** Makes sure the header carries an ext-field object, even an empty one (clients rely on it). */
    public RemotingCommand ensureExtFields() {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        return this;
    }

    /** An ext field's value, or null. */
    public String ext(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    /** A required text ext field. @throws HeaderFieldException when it is absent */
    public String requiredExt(String key) {
        String value = ext(key);
        if (value == null) {
            throw HeaderFieldException.missing(key);
        }
        return value;
    }

    /** A required integer ext field. @throws HeaderFieldException when absent or not a number */
    public int requiredIntExt(String key) {
        return parseInt(key, requiredExt(key));
    }

    /** A required long ext field. @throws HeaderFieldException when absent or not a number */
    public long requiredLongExt(String key) {
        return parseLong(key, requiredExt(key));
    }

    /** An optional integer ext field. @throws HeaderFieldException when present but not a number */
    public int intExt(String key, int defaultValue) {
        String value = ext(key);
        return value == null ? defaultValue : parseInt(key, value);
    }

    /** An optional long ext field. @throws HeaderFieldException when present but not a number */
    public long longExt(String key, long defaultValue) {
        String value = ext(key);
        return value == null ? defaultValue : parseLong(key, value);
    }

    /** An optional boolean ext field, parsed as {@code Boolean.parseBoolean} does. */
    public boolean booleanExt(String key, boolean defaultValue) {
        String value = ext(key);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw HeaderFieldException.notANumber(key, value);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HeaderFieldException.notANumber(key, value);
        }
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }

    /** How this command's header was (or will be) encoded. */
    public SerializeType getSerializeType() {
        return serializeType;
    }

    public void setSerializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
    }

    @Override
    public String toString() {
        return "RemotingCommand{code=" + code + ", language=" + language + ", version=" + version + ", opaque=" + opaque
                + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields + ", body="
                + (body == null ? 0 : body.length) + " bytes, serializeType=" + serializeType + "}";
    }
}

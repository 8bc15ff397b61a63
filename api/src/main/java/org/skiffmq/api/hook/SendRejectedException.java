package org.skiffmq.api.hook;

import org.skiffmq.api.remoting.ResponseCode;

/**
 * A send hook refuses a message. The producer receives {@link #responseCode()} with the
 * message as remark, so say what was wrong and what to do.
 */
public class SendRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int responseCode;

    public SendRejectedException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    /** The message breaks a rule; the client does not retry it (MESSAGE_ILLEGAL). */
    public static SendRejectedException illegal(String message) {
        return new SendRejectedException(ResponseCode.MESSAGE_ILLEGAL, message);
    }

    /** The broker is too busy for it now (SYSTEM_BUSY). */
    public static SendRejectedException busy(String message) {
        return new SendRejectedException(ResponseCode.SYSTEM_BUSY, message);
    }

    /** The producer may not send it (NO_PERMISSION). */
    public static SendRejectedException noPermission(String message) {
        return new SendRejectedException(ResponseCode.NO_PERMISSION, message);
    }

    public int responseCode() {
        return responseCode;
    }
}

package org.skiffmq.api.remoting;

/** A request header field that is missing or malformed; the message names the field. */
public class HeaderFieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeaderFieldException(String message) {
        super(message);
    }

    public static HeaderFieldException missing(String key) {
        return new HeaderFieldException("the request header lacks the required field '" + key + "'");
    }

    public static HeaderFieldException notANumber(String key, String value) {
        return new HeaderFieldException("header field '" + key + "' must be a decimal number, was '" + value + "'");
    }
}

package org.skiffmq.api.message;

/** Bytes that are not a well-formed stored message (or batch element); the text says which field. */
public class MessageDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageDecodeException(String message) {
        super(message);
    }
}

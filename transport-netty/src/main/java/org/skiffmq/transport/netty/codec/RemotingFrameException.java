package org.skiffmq.transport.netty.codec;

import io.netty.handler.codec.DecoderException;

/**
 * A frame that breaks the Remoting format: bad length, unknown serialize type, or a header that
 * does not parse. The connection that sent it is closed; others are unaffected.
 *
 * <p>Extends Netty's {@link DecoderException} so {@code ByteToMessageDecoder} passes it down the
 * pipeline as it is instead of wrapping it.
 */
public class RemotingFrameException extends DecoderException {
    private static final long serialVersionUID = 1L;

    public RemotingFrameException(String message) {
        super(message);
    }

    public RemotingFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.skiffmq.client.producer;

import java.util.List;
import org.skiffmq.client.BrokerException;
import org.skiffmq.client.ClientException;

/**
 * A send ended without the message being stored. {@link #attempts()} lists every try, where it
 * went and why it failed; the message says why the producer stopped trying (an error that a
 * retry cannot fix, no retries left, or no time left).
 */
public class SendFailedException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final transient List<SendAttempt> attempts;

    public SendFailedException(String message, List<SendAttempt> attempts, Throwable cause) {
        super(message + describe(attempts), cause);
        this.attempts = List.copyOf(attempts);
    }

    public List<SendAttempt> attempts() {
        return attempts;
    }

    public int attemptCount() {
        return attempts.size();
    }

    /** The response code of the last broker error, or -1 when the last failure was not a broker's answer. */
    public int responseCode() {
        return getCause() instanceof BrokerException broker ? broker.responseCode() : -1;
    }

    private static String describe(List<SendAttempt> attempts) {
        if (attempts.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" [");
        for (int i = 0; i < attempts.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(attempts.get(i));
        }
        return text.append(']').toString();
    }
}

package org.skiffmq.client.producer;

/**
 * Hears how an asynchronous send ended. Called once, on one of the client's async threads (never
 * a transport thread): keep it short, or hand the work on.
 */
public interface SendCallback {

    void onSuccess(SendResult result);

    /** The send failed: usually a {@link SendFailedException} listing every attempt. */
    void onException(Throwable error);
}

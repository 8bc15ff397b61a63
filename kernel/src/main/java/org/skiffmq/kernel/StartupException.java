package org.skiffmq.kernel;

/** SkiffMQ could not start; the message is one line naming what is wrong and what to do. */
public class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
